/**
 * Linear and gated reports store the student's and teacher's impulse responses to twice the metrics horizon (so
 * robustness can read errors at a doubled horizon) while the stored errors are still read over [k, horizon).
 */
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { runExperiment } from '../../../../src-shared/experiments'
import { extrapolationError, zeroError } from '../../../../src-shared/metrics/impulse'
import { parseExperimentSpec, type ExperimentSpecInput } from '../../../../src-shared/spec/experiment'
import { testContext } from '../../../helpers/backends'

const run = (spec: ExperimentSpecInput) => runExperiment(parseExperimentSpec(spec), testContext)
const horizon = 24
const specs: Record<string, ExperimentSpecInput> = {
  linear: {
    teacher: { kind: 'iclr23-balanced', dim: 2, eigMax: 0.95 },
    student: { width: 6, init: { scale: 0.05 } },
    data: { loss: 'population', length: 4 },
    optimizer: { kind: 'adam', lr: 1e-2 },
    stopping: { maxSteps: 50 },
    metrics: { horizon, maxLength: 8 },
  },
  gated: {
    teacher: { kind: 'iclr23-balanced', dim: 2, eigMax: 0.95 },
    student: { kind: 'gru', width: 4, init: { kind: 'xavier', scale: 1 } },
    data: { loss: 'empirical', length: 4, batchSize: 20, trainSize: 40 },
    optimizer: { kind: 'adam', lr: 1e-2 },
    stopping: { maxSteps: 20 },
    metrics: { horizon, maxLength: 8 },
  },
}

for (const [name, spec] of Object.entries(specs)) {
  test(`${name} report: responses to 2 × horizon, errors over [k, horizon) exactly as from their first horizon entries`, () => {
    const r = run(spec)
    const hS = Float64Array.from(r.series.impulse_student.y)
    const hT = Float64Array.from(r.series.impulse_teacher.y)
    assert.equal(hS.length, 2 * horizon)
    assert.equal(hT.length, 2 * horizon)
    // Bit-identical: the stored metric is the max over lags 4..23 of the stored (single-entry) responses.
    assert.equal(r.metrics.extrapolation_error, extrapolationError(hT.subarray(0, horizon), hS.subarray(0, horizon), 4, horizon, 1))
    assert.equal(r.metrics.zero_error, zeroError(hT.subarray(0, horizon), 4, horizon, 1))
    // The tail past the horizon is the teacher's own continuation (a stable teacher keeps decaying), not padding.
    assert.ok(hT.subarray(horizon).some((v) => v !== 0))
    assert.ok(Math.abs(hT[2 * horizon - 1]) < Math.abs(hT[horizon - 1]), 'a stable teacher decays past the horizon')
  })
}
