/**
 * Procedure 'rnn-conv-twins' (EMAMI21 §5): the width-scaled linear RNN and its scaled Conv1D twin (and the plain
 * Conv1D when options.models asks) trained side by side from the same function on the same data, so their loss
 * curves can be overlaid. Synthetic data (a teacher) here, every step supervised as in EMAMI21 §5.1 (data.target is not read),
 * full-batch GD; real data (data.dataset) in emami21Real.ts.
 *
 * Options: spec/options.ts Emami21TwinOptions (models; for real data epochs, evalEvery, targets, ridgeLambda, ridge).
 */
import type { MetricValue, ModelSnapshot, RunResult, Series } from '../api/results'
import { subsampleCurve } from '../api/results'
import type { ExperimentSpec, SpecOf } from '../spec/experiment'
import { type Conv1dDims, conv1dBackward, conv1dForward, squaredErrorLoss } from '../engine/conv1d'
import { Rng } from '../engine/prng'
import { allocSequences, sampleSequences, type SequenceData } from '../engine/sequenceData'
import { r2PerColumn } from '../metrics/r2'
import { makeTeacher } from '../teachers/index'
import type { Procedure, RunContext } from './procedure'
import { makeTwinModels, makeTwinStep, type TwinModel } from './emami21Models'
import { emami21Real } from './emami21Real'
import { sequenceRidge } from './emami21SequenceRidge'
import { seriesName } from '../catalogue'

export const emami21Twin: Procedure<'rnn-conv-twins'> = (spec, ctx) => {
  if (spec.data.dataset !== undefined || spec.teacher.kind === 'none') return emami21Real(spec, ctx)
  return emami21Synthetic(spec, ctx)
}

/** Loss and ∂loss/∂L of a model's impulse response on a fixed set of sequences (every step supervised). */
class SequenceObjective {
  readonly dims: Conv1dDims
  private readonly yhat: Float64Array
  private readonly dy: Float64Array

  constructor(readonly data: SequenceData, taps: number, private readonly reduction: 'mean' | 'sum') {
    this.dims = { taps, length: data.length, inputs: data.inputs, outputs: data.outputs, target: 'every' }
    this.yhat = new Float64Array(data.count * data.length * data.outputs)
    this.dy = new Float64Array(this.yhat.length)
  }

  /** Loss at L; when dL is given, dL += ∂loss/∂L. */
  evaluate(L: Readonly<Float64Array>, dL: Float64Array | null): number {
    const { data, dims } = this
    conv1dForward(this.yhat, data.x, L, dims, data.count)
    const loss = squaredErrorLoss(dL ? this.dy : null, this.yhat, data.y, this.yhat.length, this.reduction)
    if (dL) conv1dBackward(dL, this.dy, data.x, dims, data.count)
    return loss
  }

  /** R² per output over every (sequence, step) of the set. */
  r2(L: Readonly<Float64Array>): Record<string, number | null> {
    conv1dForward(this.yhat, this.data.x, L, this.dims, this.data.count)
    const names = Array.from({ length: this.data.outputs }, (_, o) => `y${o}`)
    return r2PerColumn(this.yhat, this.data.y, this.data.count * this.data.length, names)
  }
}

/** Frobenius distance between two flat arrays. */
export function distance(a: Readonly<Float64Array>, b: Readonly<Float64Array>): number {
  let s = 0
  for (let i = 0; i < a.length; i++) s += (a[i] - b[i]) ** 2
  return Math.sqrt(s)
}

function emami21Synthetic(spec: SpecOf<'rnn-conv-twins'>, ctx: RunContext): RunResult {
  const names = spec.options.models ?? ['rnn', 'scaled_conv1d']
  const teacher = makeTeacher(spec.teacher, spec.seed, ctx.backend)
  const T = spec.data.length
  const nx = teacher.inputs
  const ny = teacher.outputs
  const trainSize = spec.data.trainSize
  if (trainSize === null) throw new Error('data.trainSize: the EMAMI21 twin trains on a fixed set of sequences (give a number)')
  if (spec.data.testSize < 1) throw new Error('data.testSize: the EMAMI21 twin reports test loss (give at least 1)')
  const dataRng = new Rng(spec.seed, 'data')
  const labels = { delay: spec.data.delay, noiseSnrDb: spec.data.noiseSnrDb }
  const train = allocSequences(trainSize, T, nx, ny, 'every')
  sampleSequences(train, teacher, labels, dataRng)
  const test = allocSequences(spec.data.testSize, T, nx, ny, 'every')
  sampleSequences(test, teacher, labels, dataRng)

  const shape = { taps: T, inputs: nx, outputs: ny }
  const { models, L0, rho } = makeTwinModels(spec, shape, names, ctx.backend)
  const trainObj = new SequenceObjective(train, T, spec.data.reduction)
  const testObj = new SequenceObjective(test, T, spec.data.reduction)
  const steps = spec.stopping.maxSteps
  const steppers = models.map((m) => makeTwinStep(m, spec.optimizer))
  const trainCurves = models.map(() => new Float64Array(steps + 1))
  const testCurves = models.map(() => new Float64Array(steps + 1))
  const L = new Float64Array(L0.length)
  const dL = new Float64Array(L0.length)
  const warnings: string[] = []

  // Curves record the loss at the parameters before each step, and after the last one (index steps).
  for (let s = 0; s <= steps; s++) {
    models.forEach((m, i) => {
      m.impulse(L)
      const last = s === steps
      if (!last) dL.fill(0)
      trainCurves[i][s] = trainObj.evaluate(L, last ? null : dL)
      testCurves[i][s] = testObj.evaluate(L, null)
      if (last) return
      steppers[i](dL, s)
    })
    const lead = trainCurves[0][s]
    if (!Number.isFinite(lead)) {
      const failure = `the ${models[0].name} loss diverged (${lead}) at step ${s}; try a smaller optimizer.lr`
      return { ...finish(spec, models, trainCurves, testCurves, s, L0, rho, teacher.impulse(T), testObj, warnings), failure }
    }
    if (s % 25 === 0 || s === steps) ctx.onProgress({ step: s, totalSteps: steps, loss: lead })
  }
  const result = finish(spec, models, trainCurves, testCurves, steps, L0, rho, teacher.impulse(T), testObj, warnings)
  // Beside a Conv1D, the ridge optimum shows the kernel the data ask for when no lag is penalised (EMAMI21 Fig. 3).
  if (names.includes('conv1d')) result.series[seriesName.impulseRidge] = { y: Array.from(sequenceRidge(train, T, ctx.backend).impulse) }
  return result
}

/** Metrics and series of a synthetic twin run; `last` is the index of the last recorded step. */
function finish(
  spec: ExperimentSpec,
  models: TwinModel[],
  trainCurves: Float64Array[],
  testCurves: Float64Array[],
  last: number,
  L0: Float64Array,
  rho: Float64Array,
  teacherImpulse: Float64Array | null,
  testObj: SequenceObjective,
  warnings: string[],
): RunResult {
  const metrics: Record<string, MetricValue> = {}
  const series: Record<string, Series> = {}
  const snapshots: Record<string, ModelSnapshot> = {}
  const points = spec.metrics.curvePoints
  const stepsAxis = Float64Array.from({ length: last + 1 }, (_, i) => i)
  const impulses = new Map<string, Float64Array>()
  models.forEach((m, i) => {
    const L = new Float64Array(L0.length)
    m.impulse(L)
    impulses.set(m.name, L)
    const tr = trainCurves[i].subarray(0, last + 1)
    const te = testCurves[i].subarray(0, last + 1)
    metrics[`final_loss_${m.name}`] = tr[last]
    metrics[`test_loss_${m.name}`] = te[last]
    metrics[`r2_${m.name}`] = testObj.r2(L)
    series[seriesName.trainLoss(m.name)] = subsampleCurve(stepsAxis, tr, points)
    series[seriesName.testLoss(m.name)] = subsampleCurve(stepsAxis, te, points)
    series[seriesName.impulseOf(m.name)] = { y: Array.from(L) }
    snapshots[m.name] = m.snapshot()
  })
  const lead = models[0]
  metrics.final_loss = metrics[`final_loss_${lead.name}`]
  metrics.test_loss = metrics[`test_loss_${lead.name}`]
  metrics.r2 = metrics[`r2_${lead.name}`]
  series[seriesName.lossCurve] = { ...series[seriesName.trainLoss(lead.name)] }
  series[seriesName.impulseInit] = { y: Array.from(L0) }
  series.rho = { y: Array.from(rho) }
  if (teacherImpulse) series[seriesName.impulseTeacher] = { y: Array.from(teacherImpulse) }
  Object.assign(metrics, twinGaps(models, trainCurves, last, impulses, L0))
  return { metrics, series, models: snapshots, warnings, steps: last }
}

/**
 * How far the RNN is from its scaled twin (EMAMI21 Fig. 1, 4): max_t |L_rnn − L_sc| / L(0) over the training curve,
 * the same gap relative to the current loss, the final losses' relative difference, and the final impulse responses'
 * distance over the distance the scaled Conv1D's response moved from the start.
 */
function twinGaps(models: TwinModel[], curves: Float64Array[], last: number, impulses: Map<string, Float64Array>, L0: Float64Array): Record<string, number> {
  const r = models.findIndex((m) => m.name === 'rnn')
  const c = models.findIndex((m) => m.name === 'scaled_conv1d')
  if (r < 0 || c < 0) return {}
  const start = curves[c][0]
  let gap = 0
  let relGap = 0
  for (let s = 0; s <= last; s++) {
    const d = Math.abs(curves[r][s] - curves[c][s])
    gap = Math.max(gap, d / start)
    relGap = Math.max(relGap, d / curves[c][s])
  }
  const Lr = impulses.get('rnn')!
  const Lc = impulses.get('scaled_conv1d')!
  return {
    loss_gap_max: gap,
    loss_gap_rel_max: relGap,
    final_loss_rel_diff: Math.abs(curves[r][last] - curves[c][last]) / curves[c][last],
    impulse_gap: distance(Lr, Lc) / distance(Lc, L0),
  }
}
