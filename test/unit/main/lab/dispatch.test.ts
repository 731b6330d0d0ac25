// What callers of the lab service are told when a call fails: the lab's own messages pass through with their status,
// runtime exceptions become "internal error" (their detail goes to the process's log, not to the caller).
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { describeError, LabRequestError } from '../../../../src-main/lab/dispatch'
import { SpecError } from '../../../../src-shared/spec/experiment'

test('known errors keep their message and status; unexpected ones are reported as internal', (t) => {
  const logged: unknown[] = []
  t.mock.method(console, 'error', (...args: unknown[]) => logged.push(args))
  assert.deepEqual(describeError(new SpecError('spec: data.lenght: unknown field')), { status: 400, message: 'spec: data.lenght: unknown field' })
  assert.deepEqual(describeError(new LabRequestError('listRuns: limit: at most 1,000')), { status: 400, message: 'listRuns: limit: at most 1,000' })
  assert.deepEqual(describeError(Object.assign(new Error('no run "r9"'), { status: 404 })), { status: 404, message: 'no run "r9"' })
  assert.deepEqual(describeError(new Error('--out /x: exists and is not empty')), { status: 500, message: '--out /x: exists and is not empty' })
  assert.equal(logged.length, 0)
  for (const error of [new TypeError("Cannot read properties of undefined (reading 'spec')"), Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' })]) {
    const described = describeError(error)
    assert.equal(described.status, 500)
    assert.match(described.message, /^internal error/)
    assert.ok(!described.message.includes(error.message), 'the detail is not sent to the caller')
  }
  assert.equal(logged.length, 2, 'the detail is logged')
})
