// A sweep is checked once: validSweep's answer (and the API boundary's) is trusted as it is by the next validSweep
// (the scheduler's), a copy of it is not, and a memory limit is still applied to it.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { isCheckedSweep, validSweep } from '../../../../src-shared/spec/sweep'
import { sweepsRequests } from '../../../../src-shared/api/services/sweeps'
import { SpecError } from '../../../../src-shared/spec/experiment'

const sweep = {
  base: { teacher: { kind: 'iclr23-balanced', dim: 2 }, student: { width: 4 }, stopping: { maxSteps: 10 } },
  axes: [{ path: 'data.length', values: [2, 4] }],
  seeds: [0, 1],
}

test('a checked sweep passes validSweep again as the same object; a copy of it is checked as any input', () => {
  const checked = validSweep(sweep)
  assert.ok(isCheckedSweep(checked))
  assert.equal(checked.runs.length, 4)
  assert.equal(validSweep(checked), checked, 'not parsed again')
  const copy = structuredClone(checked)
  assert.equal(isCheckedSweep(copy), false, 'a copy (from a request or another process) is not trusted')
  assert.throws(() => validSweep(copy), /; runs: unknown field/)
})

test('a memory limit applies to a checked sweep: kept when it fits, refused naming the largest run when not', () => {
  const checked = validSweep(sweep)
  const bytes = checked.memory!.bytes
  assert.equal(validSweep(checked, { memoryLimitBytes: 2 * bytes }), checked)
  assert.throws(() => validSweep(checked, { memoryLimitBytes: bytes / 2, memoryLimitText: 'the test limit', where: 'launch' }), (e: Error) => e instanceof SpecError && /^launch: run \(data\.length=4, seed=0\): .*more than the test limit$/.test(e.message))
})

test('the API boundary checks a request\'s sweep whole and hands on the checked sweep', () => {
  const request = sweepsRequests.launchSweep.parse({ sweep })
  assert.ok(isCheckedSweep(request.sweep))
  assert.deepEqual(request.sweep.runs, validSweep(sweep).runs)
  assert.deepEqual([request.preset, request.scale], [null, null])
  const bad = sweepsRequests.planSweep.safeParse({ sweep: { ...sweep, base: { ...sweep.base, student: { width: 0 } } } })
  assert.equal(bad.success, false)
  assert.match(bad.error!.issues[0].message, /^run \(data\.length=2, seed=0\): student\.width: /)
  assert.deepEqual(bad.error!.issues[0].path, ['sweep'])
})
