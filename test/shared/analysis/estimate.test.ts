// Run-time estimates: calibrated per cost class (procedure, student, loss), so one earlier run of the same kind
// predicts the next, whatever other kinds this machine has run.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { calibrate, costClass, DEFAULT_SECONDS_PER_OP, estimateSeconds, RUN_OVERHEAD_SECONDS, runCost } from '../../../src-shared/analysis/estimate'
import { parseExperimentSpec } from '../../../src-shared/spec/experiment'

const linear = (length: number) => parseExperimentSpec({ student: { kind: 'linear', width: 20 }, data: { length }, stopping: { maxSteps: 1000 } })
const gru = parseExperimentSpec({ student: { kind: 'gru', width: 8 }, data: { loss: 'empirical', length: 10, trainSize: 100 }, stopping: { maxSteps: 200 } })

test('one earlier run of the same kind predicts the same spec exactly and scales with the operation count', () => {
  const calibration = calibrate([{ spec: linear(10), elapsedMs: 2000 }])
  const same = estimateSeconds([linear(10)], calibration, 1)
  assert.ok(Math.abs(same.total - 2) < 1e-9, `${same.total}`)
  const longer = estimateSeconds([linear(20)], calibration, 1)
  const expected = RUN_OVERHEAD_SECONDS + ((2 - RUN_OVERHEAD_SECONDS) * runCost(linear(20))) / runCost(linear(10))
  assert.ok(Math.abs(longer.total - expected) < 1e-9)
})

test('other kinds do not skew a kind that has its own measurement; they are the fallback for a kind never run', () => {
  assert.notEqual(costClass(linear(10)), costClass(gru))
  // A GRU rate 1000× the linear one (per counted operation) would put a pooled median far off for one of them.
  const finished = [
    { spec: linear(10), elapsedMs: 1000 },
    { spec: gru, elapsedMs: 1000 * 1000 * (runCost(gru) / runCost(linear(10))) },
    { spec: gru, elapsedMs: 1000 * 1000 * (runCost(gru) / runCost(linear(10))) },
  ]
  const calibration = calibrate(finished)
  assert.ok(Math.abs(estimateSeconds([linear(10)], calibration, 1).total - 1) < 1e-9)
  const lstm = parseExperimentSpec({ student: { kind: 'lstm', width: 8 }, data: { loss: 'empirical', length: 10, trainSize: 100 } })
  assert.equal(calibration.byClass.get(costClass(lstm)), undefined)
  assert.equal(calibrate([]).overall, DEFAULT_SECONDS_PER_OP)
  // A kind never run takes the geometric mean of the kinds' rates, one vote per kind: more GRU runs do not pull it
  // towards the GRU's rate, as a median pooled over runs would (two GRU runs to one linear made that the GRU's).
  const rLinear = calibration.byClass.get(costClass(linear(10)))!
  const rGru = calibration.byClass.get(costClass(gru))!
  assert.ok(rGru > 100 * rLinear)
  assert.ok(Math.abs(calibration.overall / Math.sqrt(rLinear * rGru) - 1) < 1e-12)
  const moreGru = calibrate([...finished, finished[1], finished[1], finished[1]])
  assert.ok(Math.abs(moreGru.overall / calibration.overall - 1) < 1e-12)
  const lstmSeconds = estimateSeconds([lstm], calibration, 1).total
  assert.ok(Math.abs(lstmSeconds - (RUN_OVERHEAD_SECONDS + runCost(lstm) * calibration.overall)) < 1e-9)
})

test('runs are spread over the workers, and the longest run bounds the wall time from below', () => {
  const calibration = calibrate([{ spec: linear(10), elapsedMs: 2000 }])
  assert.ok(Math.abs(estimateSeconds([linear(10), linear(10), linear(10), linear(10)], calibration, 2).total - 4) < 1e-9)
  assert.ok(Math.abs(estimateSeconds([linear(10)], calibration, 4).total - 2) < 1e-9)
})
