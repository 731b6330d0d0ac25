// The IPC channel and sender checks the preload and the main process rely on.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { isLabChannel, isTrustedSender } from '../../../../src-main/app/ipcChannels'

test('IPC: only lab:<method> channels and the event channel pass; only our pages may call', () => {
  assert.ok(isLabChannel('lab:listRuns'))
  assert.ok(isLabChannel('lab:event'))
  assert.ok(!isLabChannel('lab:eval'))
  assert.ok(!isLabChannel('other:listRuns'))
  assert.ok(!isLabChannel('listRuns'))
  assert.ok(isTrustedSender('app://renderer/index.html#/runs', undefined))
  assert.ok(!isTrustedSender('app://evil/index.html', undefined))
  assert.ok(!isTrustedSender('https://example.com/', undefined))
  assert.ok(!isTrustedSender('http://localhost:5173/', undefined))
  assert.ok(isTrustedSender('http://localhost:5173/#/teacher', 'http://localhost:5173/'))
  assert.ok(!isTrustedSender(undefined, 'http://localhost:5173/'))
})
