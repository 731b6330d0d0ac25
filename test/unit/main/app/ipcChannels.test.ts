// The IPC channel and sender checks the preload and the main process rely on.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { ipcPayloadProblem, isLabChannel, isTrustedSender } from '../../../../src-main/app/ipcChannels'
import { jsonNestingDepth, MAX_JSON_DEPTH, valueNestingDepth } from '../../../../src-shared/spec/jsonDepth'

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

/** `levels` arrays or objects inside one another, built without recursion. */
function nested(levels: number, kind: 'array' | 'object'): unknown {
  let value: unknown = 1
  for (let i = 0; i < levels; i++) value = kind === 'array' ? [value] : { a: value }
  return value
}

test('IPC payloads get the JSON nesting bound: deeper, cyclic or exploding payloads are refused by method', () => {
  assert.equal(valueNestingDepth(7), 0)
  assert.equal(valueNestingDepth({ a: [1, { b: [] }] }), 4)
  assert.equal(valueNestingDepth(nested(MAX_JSON_DEPTH, 'object')), MAX_JSON_DEPTH)
  // The same count as the text check, so the bound means the same over IPC and HTTP.
  const json = nested(40, 'array')
  assert.equal(valueNestingDepth(json), jsonNestingDepth(JSON.stringify(json)))
  assert.equal(ipcPayloadProblem('launchSweep', { sweep: nested(MAX_JSON_DEPTH - 1, 'object') }), null)
  for (const payload of [{ sweep: nested(MAX_JSON_DEPTH, 'object') }, { changes: nested(100_000, 'array') }, new Map([['k', nested(70, 'array')]])]) {
    assert.equal(ipcPayloadProblem('launchSweep', payload), `launchSweep: the request is nested more than ${MAX_JSON_DEPTH} levels deep (or refers to itself)`)
  }
  const cyclic: Record<string, unknown> = {}
  cyclic.self = { back: cyclic }
  assert.match(ipcPayloadProblem('rerun', { changes: cyclic }) ?? '', /^rerun: the request is nested more than/)
  // Shared subtrees (structured clone keeps them) are measured once: 2^60 paths, 60 levels, answered at once.
  let shared: unknown = 1
  for (let i = 0; i < 60; i++) shared = { left: shared, right: shared }
  const started = performance.now()
  assert.equal(valueNestingDepth(shared), 60)
  assert.ok(performance.now() - started < 1000)
  let tooDeepShared: unknown = 1
  for (let i = 0; i < 80; i++) tooDeepShared = [tooDeepShared, tooDeepShared]
  assert.equal(valueNestingDepth(tooDeepShared), MAX_JSON_DEPTH + 1)
})
