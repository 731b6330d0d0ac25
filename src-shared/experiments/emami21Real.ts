/**
 * EMAMI21 Table 1 on a recording (data.dataset): decode behaviour from T-bin windows of neuron counts with the
 * width-scaled RNN, the scaled Conv1D and the Conv1D, trained by minibatch SGD on the same shuffled batches from the
 * same function; test R² per target, and the ridge (Wiener-filter) optimum of the Conv1D family beside them.
 * Full-set train/test losses and R² come from window statistics (Σ f fᵀ, Σ f yᵀ), so evaluating costs no data pass.
 */
import type { MetricValue, ModelSnapshot, RunResult, Series } from '../api/results'
import type { SpecOf } from '../spec/experiment'
import { type Conv1dDims, LastStepConv1d, squaredErrorLoss } from '../engine/conv1d'
import { Rng } from '../engine/prng'
import { gatherWindows, prepareWindows } from '../data/windows'
import {
  addStats,
  decoderSse,
  gramScale,
  impulseToDecoder,
  r2FromSse,
  ridgeImpulse,
  ridgeSolve,
  type WindowStats,
  windowStats,
} from '../metrics/wienerFilter'
import type { RunContext } from './procedure'
import { makeTwinModels, makeTwinStep, type TwinModelName } from './emami21Models'
import { lossCurvature, TwinSchedule } from './emami21Schedule'
import { seriesName } from '../catalogue'

/** Ridge penalties tried, relative to the mean diagonal of the Gram matrix (chosen on held-out training windows). */
const RIDGE_GRID = [1e-3, 1e-2, 0.1, 0.3, 1]

const keyed = (names: string[], values: Array<number | null>) => Object.fromEntries(names.map((n, i) => [n, values[i]]))

export function emami21Real(spec: SpecOf<'emami21-twin'>, ctx: RunContext): RunResult {
  const table = ctx.dataset
  if (!table) throw new Error('data.dataset: this run needs a dataset (an id from impulse-lab import, or a CSV path)')
  const options = spec.options
  const names = options.models ?? ['rnn', 'scaled_conv1d', 'conv1d']
  const T = spec.data.length
  const data = prepareWindows(table, {
    length: T,
    trainFraction: spec.data.trainFraction,
    trainMinutes: spec.data.trainMinutes,
    limitMinutes: spec.data.limitMinutes,
    zscore: spec.data.zscore,
    targets: options.targets ?? null,
  })
  const nx = data.inputNames.length
  const ny = data.targetNames.length
  const shape = { taps: T, inputs: nx, outputs: ny }
  const { models, L0, rho } = makeTwinModels(spec, shape, names)
  const rule = spec.stopping.earlyStopping
  // Held-out windows: the last 20% of the training split, starting T bins after the fit part so no bin is in both.
  // They choose the ridge penalty and, with stopping.earlyStopping, when each model has converged (then the models
  // train on the fit part only).
  const e0 = data.trainEnds[0]
  const e1 = data.trainEnds[data.trainEnds.length - 1]
  const split = e0 + Math.floor(0.8 * (e1 - e0))
  if (split + T > e1) throw new Error(`data: the training split (${e1 - e0 + 1} windows) is too short for a held-out part`)
  const trainEnds = rule ? data.trainEnds.filter((e) => e <= split) : data.trainEnds
  const nTrain = trainEnds.length
  const fullBatch = spec.optimizer.kind === 'gd'
  const batch = fullBatch ? nTrain : Math.min(spec.data.batchSize, nTrain)
  const perEpoch = Math.floor(nTrain / batch)
  // options.epochs when given, else stopping.maxSteps SGD steps (the presets give both variants the same step count);
  // with a held-out criterion this is the budget.
  const totalSteps = options.epochs == null ? spec.stopping.maxSteps : options.epochs * perEpoch
  const evalEvery = rule ? rule.every : (options.evalEvery ?? Math.max(1, Math.round(perEpoch / 4))) || perEpoch
  const reduction = spec.data.reduction

  // Window statistics: training (fit + held-out tail) and test.
  const fitStats = windowStats(data.inputs, nx, data.targets, ny, T, e0, split)
  const valStats = windowStats(data.inputs, nx, data.targets, ny, T, split + T, e1)
  const trainStats = addStats(fitStats, valStats)
  const testStats = windowStats(data.inputs, nx, data.targets, ny, T, data.testEnds[0], data.testEnds[data.testEnds.length - 1])
  const W = new Float64Array(T * nx * ny)
  const lossOf = (stats: WindowStats, sse: number[]) => sse.reduce((a, b) => a + b, 0) / (reduction === 'mean' ? stats.count * ny : 1)

  const dims: Conv1dDims = { taps: T, length: T, inputs: nx, outputs: ny, target: 'last' }
  const conv = new LastStepConv1d(dims, batch)
  const xb = conv.x
  const yb = new Float64Array(batch * ny)
  const L = new Float64Array(L0.length)
  const dL = new Float64Array(L0.length)
  // One learning rate per group (the twins share theirs): optimizer.lr, or options.curvatureLr / λ_max of the loss.
  const stepStats = rule ? fitStats : trainStats
  const norm = reduction === 'mean' ? stepStats.count * ny : 1
  const twinLr = options.curvatureLr ? options.curvatureLr / lossCurvature(stepStats.gram, stepStats.dim, nx, rho, norm) : spec.optimizer.lr
  const convLr = options.curvatureLr ? options.curvatureLr / lossCurvature(stepStats.gram, stepStats.dim, nx, null, norm) : spec.optimizer.lr
  const lrs = models.map((m) => (m.name === 'conv1d' ? convLr : twinLr))
  const steppers = models.map((m, i) => makeTwinStep(m, { ...spec.optimizer, lr: lrs[i] }))
  const order = Int32Array.from({ length: nTrain }, (_, i) => i)
  const rng = new Rng(spec.seed, 'data')

  const stepLoss = models.map(() => new Float64Array(totalSteps))
  const evalSteps: number[] = []
  const evalTrain = models.map(() => [] as number[])
  const evalTest = models.map(() => [] as number[])
  const evalHeldOut = models.map(() => [] as number[])
  const evalR2 = models.map(() => targetsArrays(ny))
  const finalR2: Array<Array<number | null>> = models.map(() => [])
  const schedule = new TwinSchedule(models, rule)
  const finalTrain: number[] = []
  const finalTest: number[] = []
  /** Training-set, held-out and test losses and test R² of every model at its current parameters. */
  const measure = () =>
    models.map((m) => {
      m.impulse(L)
      impulseToDecoder(W, L, T, nx, ny)
      const sse = decoderSse(testStats, W, ny)
      return {
        train: lossOf(trainStats, decoderSse(trainStats, W, ny)),
        heldOut: lossOf(valStats, decoderSse(valStats, W, ny)),
        test: lossOf(testStats, sse),
        r2: r2FromSse(testStats, sse),
      }
    })
  const keepFinal = (now: ReturnType<typeof measure>) =>
    now.forEach((v, i) => {
      finalTrain[i] = v.train
      finalTest[i] = v.test
      finalR2[i] = v.r2
    })
  const evaluate = (step: number) => {
    evalSteps.push(step)
    const now = measure()
    now.forEach((v, i) => {
      evalTrain[i].push(v.train)
      evalHeldOut[i].push(v.heldOut)
      evalTest[i].push(v.test)
      v.r2.forEach((r, o) => evalR2[i][o].push(r ?? NaN))
    })
    keepFinal(now)
  }

  evaluate(0)
  const warnings = [...data.warnings]
  let failure: string | undefined
  let step = 0
  for (; step < totalSteps && !schedule.allStopped; step++) {
    const inEpoch = step % perEpoch
    if (inEpoch === 0 && !fullBatch) rng.shuffle(order)
    gatherWindows(xb, yb, data, T, trainEnds, inEpoch * batch, batch, order)
    models.forEach((m, i) => {
      if (!schedule.training(i)) return
      m.impulse(L)
      const yhat = conv.forward(L)
      stepLoss[i][step] = squaredErrorLoss(conv.dy, yhat, yb, batch * ny, reduction)
      dL.fill(0)
      conv.backward(dL)
      steppers[i](dL, step)
    })
    if (!Number.isFinite(stepLoss[0][step])) {
      failure = `the ${models[0].name} loss diverged (${stepLoss[0][step]}) at step ${step}; try a smaller optimizer.lr`
      break
    }
    if ((step + 1) % evalEvery === 0 || step + 1 === totalSteps) {
      evaluate(step + 1)
      schedule.record(step + 1, models.map((_, i) => evalHeldOut[i].at(-1)!), models)
    }
    ctx.onProgress({ step: step + 1, totalSteps, loss: stepLoss[0][step] })
  }
  if (rule) {
    // Each group ends at its best held-out parameters: the reported losses and R² are theirs.
    schedule.restoreBest(models)
    keepFinal(measure())
  }

  const metrics: Record<string, MetricValue> = {}
  const series: Record<string, Series> = {}
  const snapshots: Record<string, ModelSnapshot> = {}
  const last = evalSteps.length - 1
  const done = evalSteps[last]
  models.forEach((m, i) => {
    if (rule) {
      const { converged, stoppedAt, bestStep } = schedule.report(i, done)
      metrics[`converged_${m.name}`] = converged
      metrics[`epochs_${m.name}`] = stoppedAt / perEpoch
      metrics[`best_epoch_${m.name}`] = bestStep / perEpoch
      if (!converged) warnings.push(`${m.name}: the held-out loss was still improving when the budget of ${totalSteps} steps ran out`)
      series[`held_out_loss_${m.name}`] = { x: evalSteps, y: evalHeldOut[i], label: `held-out training-window loss, ${m.name}` }
    }
    metrics[`lr_${m.name}`] = lrs[i]
    metrics[`r2_${m.name}`] = keyed(data.targetNames, finalR2[i])
    metrics[`final_loss_${m.name}`] = finalTrain[i]
    metrics[`test_loss_${m.name}`] = finalTest[i]
    const trained = schedule.report(i, done).stoppedAt
    series[seriesName.trainLoss(m.name)] = { x: range(trained), y: Array.from(stepLoss[i].subarray(0, trained)), label: `minibatch loss, ${m.name}` }
    series[seriesName.trainLossFull(m.name)] = { x: evalSteps, y: evalTrain[i], label: `training-set loss, ${m.name}` }
    series[seriesName.testLoss(m.name)] = { x: evalSteps, y: evalTest[i], label: `test loss, ${m.name}` }
    data.targetNames.forEach((t, o) => (series[seriesName.testR2(m.name, t)] = { x: evalSteps, y: evalR2[i][o], label: `test R², ${t}, ${m.name}` }))
    m.impulse(L)
    series[seriesName.impulseOf(m.name)] = { y: Array.from(L), label: `L_j, ${m.name} (T, n_y, n_x) flattened` }
    snapshots[m.name] = m.snapshot()
  })
  const lead = models[0].name
  metrics.r2 = metrics[`r2_${lead}`]
  metrics.final_loss = metrics[`final_loss_${lead}`]
  metrics.test_loss = metrics[`test_loss_${lead}`]
  series[seriesName.lossCurve] = series[seriesName.trainLossFull(lead)]
  Object.assign(metrics, twinR2Gaps(names, evalR2))
  if (options.ridge) Object.assign(metrics, ridgeOptimum(fitStats, valStats, trainStats, testStats, spec, data.targetNames, T, nx, series))
  if (rule) metrics.converged = names.every((_, i) => schedule.report(i, done).converged === 1) ? 1 : 0
  metrics.windows_train = nTrain
  metrics.windows_test = data.testEnds.length
  metrics.epochs = done / perEpoch
  metrics.steps_per_epoch = perEpoch
  metrics.bin_width = data.binWidth
  return { metrics, series, models: snapshots, warnings, steps: done, ...(failure ? { failure } : {}) }
}

function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i)
}

function targetsArrays(ny: number): number[][] {
  return Array.from({ length: ny }, () => [])
}

/**
 * max over evaluations and targets of |R²_rnn − R²_scaled| (EMAMI21 Fig. 5: the two track each other), counted
 * where both are ≥ 0 (from the width-scaled init R² starts near −70, where a gap of 1 means nothing), and at the end.
 */
function twinR2Gaps(names: TwinModelName[], r2: number[][][]): Record<string, number> {
  const r = names.indexOf('rnn')
  const c = names.indexOf('scaled_conv1d')
  if (r < 0 || c < 0) return {}
  let max = 0
  let final = 0
  r2[r].forEach((curve, o) =>
    curve.forEach((v, k) => {
      const w = r2[c][o][k]
      const d = Math.abs(v - w)
      if (Number.isFinite(d) && v >= 0 && w >= 0) max = Math.max(max, d)
      if (k === curve.length - 1 && Number.isFinite(d)) final = Math.max(final, d)
    }),
  )
  return { r2_gap_max: max, r2_gap_final: final }
}

/**
 * The closed-form optimum of the Conv1D family: ridge over the T-bin window, its penalty chosen on the last 20% of
 * the training windows (or options.ridgeLambda), refitted on all of them, scored on the test windows.
 */
function ridgeOptimum(fit: WindowStats, val: WindowStats, train: WindowStats, test: WindowStats, spec: SpecOf<'emami21-twin'>, targets: string[], T: number, nx: number, series: Record<string, Series>): Record<string, MetricValue> {
  const ny = targets.length
  const fixed = spec.options.ridgeLambda
  let alpha = typeof fixed === 'number' ? fixed : RIDGE_GRID[0]
  if (typeof fixed !== 'number') {
    let best = -Infinity
    for (const a of RIDGE_GRID) {
      const r2 = r2FromSse(val, decoderSse(val, ridgeSolve(fit, a * gramScale(fit), ny), ny)).filter((v): v is number => v !== null)
      const score = r2.length ? r2.reduce((s, v) => s + v, 0) / r2.length : -Infinity
      if (score > best) {
        best = score
        alpha = a
      }
    }
  }
  const W = ridgeSolve(train, alpha * gramScale(train), ny)
  series[seriesName.impulseRidge] = { y: Array.from(ridgeImpulse(W, T, nx, ny)), label: 'L_j of the ridge optimum (T, n_y, n_x) flattened' }
  return { r2_ridge: keyed(targets, r2FromSse(test, decoderSse(test, W, ny))), ridge_alpha: alpha }
}
