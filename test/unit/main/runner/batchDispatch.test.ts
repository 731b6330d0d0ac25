// The batch policy on the scheduler's queue: which runs share a worker pass, how many, and what stays queued.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { type QueuedRun, takeBatch } from '../../../../src-main/runner/batchDispatch'
import { batchable, batchSize, sweepBatchSize } from '../../../../src-shared/experiments/batchPolicy'
import { parseExperimentSpec, type ExperimentSpec } from '../../../../src-shared/spec/experiment'
import { expandSweep } from '../../../../src-shared/spec/sweep'
import { findPreset } from '../../../../src-shared/presets'

const diagonal = parseExperimentSpec({
  experiment: 'train',
  teacher: { kind: 'iclr23-balanced', dim: 3 },
  student: { kind: 'linear', width: 8, parameterization: 'diagonal', balanced: true },
  data: { loss: 'population', length: 6 },
})
const general = parseExperimentSpec({ ...diagonal, student: { ...diagonal.student, parameterization: 'general' } })
const empirical = parseExperimentSpec({ ...diagonal, data: { ...diagonal.data, loss: 'empirical' } })

test('batchable: diagonal linear students on the population loss, nothing else', () => {
  assert.equal(batchable(diagonal), true)
  assert.equal(batchable(general), false)
  assert.equal(batchable(empirical), false)
  assert.equal(sweepBatchSize(expandSweep(findPreset('iclr23-fig1a')!.build('paper')).map((r) => r.spec), 2), 32)
  assert.equal(sweepBatchSize(expandSweep(findPreset('iclr23-fig3a')!.build('quick')).map((r) => r.spec), 2), 1, 'general students go alone')
})

test('batchSize: ⌈runs / workers⌉ up to the limit', () => {
  assert.deepEqual([1, 2, 9, 64, 65, 580].map((n) => batchSize(n, 2)), [1, 1, 5, 32, 32, 32])
  assert.equal(batchSize(9, 1, 3), 3)
  assert.equal(batchSize(0, 2), 1)
})

test('takeBatch takes queued batchable runs of the first run\'s sweep, in order, and leaves the rest queued', () => {
  const specs = new Map<string, ExperimentSpec>()
  const queue: QueuedRun[] = []
  const add = (runId: string, sweepId: string, spec: ExperimentSpec) => {
    specs.set(runId, spec)
    queue.push({ runId, sweepId })
  }
  add('a0', 'A', diagonal)
  add('b0', 'B', diagonal)
  add('a1', 'A', general)
  for (let i = 2; i < 9; i++) add(`a${i}`, 'A', diagonal)
  const reads: string[] = []
  const specOf = (id: string) => (reads.push(id), specs.get(id))
  const first = queue.shift()!
  // 8 batchable runs of sweep A are queued (a0 and a2..a8) on 2 workers: a pass of 4
  const batch = takeBatch(queue, first, 2, specOf)
  assert.deepEqual(batch.map((r) => r.runId), ['a0', 'a2', 'a3', 'a4'])
  assert.deepEqual(queue.map((r) => r.runId), ['b0', 'a1', 'a5', 'a6', 'a7', 'a8'])
  assert.equal(new Set(reads).size, reads.length, 'each spec is read from the store once')
  // a general run goes alone, and so does every run with a limit of 1
  assert.deepEqual(takeBatch(queue, queue.splice(1, 1)[0], 2, specOf).map((r) => r.runId), ['a1'])
  assert.deepEqual(takeBatch(queue, queue.shift()!, 2, specOf, 1).map((r) => r.runId), ['b0'])
  assert.deepEqual(takeBatch(queue, queue.shift()!, 1, specOf).map((r) => r.runId), ['a5', 'a6', 'a7', 'a8'])
  assert.equal(queue.length, 0)
})
