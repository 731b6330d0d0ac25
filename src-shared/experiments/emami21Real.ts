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
import { addStats, decoderSse, impulseToDecoder, r2FromSse, ridgeImpulse, type WindowStats, windowStats } from '../metrics/wienerFilter'
import type { RunContext } from './procedure'
import { makeTwinModels, makeTwinStep, type TwinModelName } from './emami21Models'
import { TwinSchedule } from './emami21Schedule'
import { DivergenceGuard, stepCurvature } from './emami21Steps'
import { leastSquares, ridgeByFolds, undecodable } from './emami21Ridge'
import { seriesName } from '../catalogue'

const keyed = (names: string[], values: Array<number | null>) => Object.fromEntries(names.map((n, i) => [n, values[i]]))

export function emami21Real(spec: SpecOf<'rnn-conv-twins'>, ctx: RunContext): RunResult {
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
    whiten: spec.data.whiten ?? null,
    targets: options.targets ?? null,
  })
  const nx = data.inputNames.length
  const ny = data.targetNames.length
  const shape = { taps: T, inputs: nx, outputs: ny }
  const { models, L0, rho } = makeTwinModels(spec, shape, names, ctx.backend)
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
  const fitStats = windowStats(data.inputs, nx, data.targets, ny, T, e0, split, ctx.backend)
  const valStats = windowStats(data.inputs, nx, data.targets, ny, T, split + T, e1, ctx.backend)
  const trainStats = addStats(fitStats, valStats)
  const testStats = windowStats(data.inputs, nx, data.targets, ny, T, data.testEnds[0], data.testEnds[data.testEnds.length - 1], ctx.backend)
  // Outputs constant on the training rows cannot be scored (R² has no variance to explain): left out, with a note.
  const constant = r2FromSse(trainStats, new Array(ny).fill(0)).map((r) => r === null)
  const scoreable = (r2: Array<number | null>) => r2.map((r, o) => (constant[o] ? null : r))
  // The ridge decoder first: if even it decodes nothing, no model trains for nothing (options.ridge = false skips both).
  const fixed = spec.options.ridgeLambda
  const ridge = options.ridge ? ridgeByFolds(data.inputs, nx, data.targets, ny, T, e0, e1, trainStats, typeof fixed === 'number' ? fixed : null, ctx.backend) : null
  const ridgeMetrics: Record<string, MetricValue> = { target_constant: keyed(data.targetNames, constant.map((c) => (c ? 1 : 0))) }
  if (ridge) {
    ridgeMetrics.r2_ridge = keyed(data.targetNames, scoreable(r2FromSse(testStats, decoderSse(testStats, ridge.W, ny))))
    ridgeMetrics.r2_ridge_cv = keyed(data.targetNames, scoreable(ridge.cvR2))
    ridgeMetrics.ridge_alpha = ridge.alpha
    // Where plain GD on the Conv1D converges: the unregularized fit on the windows the models train on.
    const ls = leastSquares(rule ? fitStats : trainStats, ny, ctx.backend)
    if (ls) ridgeMetrics.r2_least_squares = keyed(data.targetNames, scoreable(r2FromSse(testStats, decoderSse(testStats, ls, ny))))
    const nothing = undecodable(scoreable(ridge.cvR2), data.targetNames)
    if (nothing) return { metrics: ridgeMetrics, series: {}, models: {}, warnings: [...data.warnings], steps: 0, failure: nothing }
  }
  const W = new Float64Array(T * nx * ny)
  const lossOf = (stats: WindowStats, sse: number[]) => sse.reduce((a, b) => a + b, 0) / (reduction === 'mean' ? stats.count * ny : 1)

  const dims: Conv1dDims = { taps: T, length: T, inputs: nx, outputs: ny, target: 'last' }
  const conv = new LastStepConv1d(dims, batch, ctx.backend)
  const xb = conv.x
  const yb = new Float64Array(batch * ny)
  const L = new Float64Array(L0.length)
  const dL = new Float64Array(L0.length)
  // One step size per group (the twins share theirs): optimizer.lr, or options.curvatureLr / λ of the loss on the
  // windows it trains on (λ_max, plus the minibatch's own curvature noise; options.curvatureLr = 1 is half the limit).
  const stepStats = rule ? fitStats : trainStats
  const norm = reduction === 'mean' ? stepStats.count * ny : 1
  const curvature = (scale: Float64Array | null) => stepCurvature(stepStats.gram, stepStats.dim, nx, scale, norm, batch, nTrain)
  const twinCurv = options.curvatureLr ? curvature(rho) : null
  const convCurv = options.curvatureLr ? curvature(null) : null
  const curvs = models.map((m) => (m.name === 'conv1d' ? convCurv : twinCurv))
  const lrs = curvs.map((c) => (c ? options.curvatureLr! / c.effective : spec.optimizer.lr))
  const firstLrs = [...lrs]
  const steppers = models.map((m, i) => makeTwinStep(m, { ...spec.optimizer, lr: lrs[i] }))
  const groups = [models.flatMap((m, i) => (m.name === 'conv1d' ? [] : [i])), models.flatMap((m, i) => (m.name === 'conv1d' ? [i] : []))].filter((g) => g.length > 0)
  const guard = new DivergenceGuard(models, groups, lrs)
  const restep = (changed: number[]) => changed.forEach((i) => (steppers[i] = makeTwinStep(models[i], { ...spec.optimizer, lr: lrs[i] })))
  const order = Int32Array.from({ length: nTrain }, (_, i) => i)
  const rng = new Rng(spec.seed, 'data')

  const stepLoss = models.map(() => new Float64Array(totalSteps))
  const evalSteps: number[] = []
  const evalTrain = models.map(() => [] as number[])
  const evalTest = models.map(() => [] as number[])
  const evalHeldOut = models.map(() => [] as number[])
  const evalR2 = models.map(() => targetsArrays(ny))
  const finalR2: Array<Array<number | null>> = models.map(() => [])
  const schedule = new TwinSchedule(models, rule, options.plateauDecays ?? 0)
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
        r2: scoreable(r2FromSse(testStats, sse)),
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

  const active = (i: number) => schedule.training(i) && !guard.exhausted(i)
  const heldOutNow = () => models.map((_, i) => evalHeldOut[i].at(-1)!)
  evaluate(0)
  guard.setStart(evalTrain.map((c) => c[0]))
  // The stopping rule sees step 0: its plateau test is relative to the loss before training.
  schedule.record(0, heldOutNow(), models)
  const warnings = [...data.warnings]
  if (constant.some(Boolean)) warnings.push(`left out of R² (constant on the training rows, nothing to explain): ${data.targetNames.filter((_, o) => constant[o]).join(', ')}`)
  let step = 0
  for (; step < totalSteps && models.some((_, i) => active(i)); step++) {
    const inEpoch = step % perEpoch
    if (inEpoch === 0 && !fullBatch) rng.shuffle(order)
    gatherWindows(xb, yb, data, T, trainEnds, inEpoch * batch, batch, order)
    const now: Array<number | null> = models.map(() => null)
    models.forEach((m, i) => {
      if (!active(i)) return
      m.impulse(L)
      const yhat = conv.forward(L)
      now[i] = stepLoss[i][step] = squaredErrorLoss(conv.dy, yhat, yb, batch * ny, reduction)
      dL.fill(0)
      conv.backward(dL)
      steppers[i](dL, step)
    })
    restep(guard.check(step, now))
    if ((step + 1) % evalEvery === 0 || step + 1 === totalSteps) {
      evaluate(step + 1)
      const train = models.map((_, i) => (active(i) ? evalTrain[i].at(-1)! : null))
      restep(guard.check(step + 1, train))
      guard.keep(train)
      const plateau = schedule.record(step + 1, heldOutNow(), models)
      plateau.forEach((i) => (lrs[i] /= 2))
      restep(plateau)
    }
    ctx.onProgress({ step: step + 1, totalSteps, loss: stepLoss[0][step] })
  }
  if (guard.restoreNonFinite()) keepFinal(measure())
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
      series[`held_out_loss_${m.name}`] = { x: evalSteps, y: evalHeldOut[i] }
    }
    metrics[`lr_${m.name}`] = firstLrs[i]
    if (curvs[i]) metrics[`lambda_max_${m.name}`] = curvs[i]!.lambdaMax
    metrics[`backoffs_${m.name}`] = guard.backoffs[i].length
    if (options.plateauDecays) metrics[`plateau_decays_${m.name}`] = schedule.decaysOf(i).length
    const backedOff = guard.warning(i)
    if (backedOff) warnings.push(backedOff)
    metrics[`r2_${m.name}`] = keyed(data.targetNames, finalR2[i])
    metrics[`final_loss_${m.name}`] = finalTrain[i]
    metrics[`test_loss_${m.name}`] = finalTest[i]
    const trained = schedule.report(i, done).stoppedAt
    series[seriesName.trainLoss(m.name)] = { x: range(trained), y: Array.from(stepLoss[i].subarray(0, trained)) }
    series[seriesName.trainLossFull(m.name)] = { x: evalSteps, y: evalTrain[i] }
    series[seriesName.testLoss(m.name)] = { x: evalSteps, y: evalTest[i] }
    data.targetNames.forEach((t, o) => (series[seriesName.testR2(m.name, t)] = { x: evalSteps, y: evalR2[i][o] }))
    m.impulse(L)
    series[seriesName.impulseOf(m.name)] = { y: Array.from(L) }
    snapshots[m.name] = m.snapshot()
  })
  const lead = models[0].name
  metrics.r2 = metrics[`r2_${lead}`]
  metrics.final_loss = metrics[`final_loss_${lead}`]
  metrics.test_loss = metrics[`test_loss_${lead}`]
  series[seriesName.lossCurve] = series[seriesName.trainLossFull(lead)]
  Object.assign(metrics, twinR2Gaps(names, evalR2))
  Object.assign(metrics, ridgeMetrics)
  if (ridge) series[seriesName.impulseRidge] = { y: Array.from(ridgeImpulse(ridge.W, T, nx, ny)) }
  if (rule) metrics.converged = names.every((_, i) => schedule.report(i, done).converged === 1) ? 1 : 0
  metrics.windows_train = nTrain
  metrics.windows_test = data.testEnds.length
  metrics.epochs = done / perEpoch
  metrics.steps_per_epoch = perEpoch
  metrics.step_budget = totalSteps
  metrics.batch_size = batch
  metrics.bin_width = data.binWidth
  if (data.whitening) Object.assign(metrics, { whiten_shrinkage: spec.data.whiten!, input_condition_raw: data.whitening.conditionBefore, input_condition: data.whitening.conditionAfter })
  return { metrics, series, models: snapshots, warnings, steps: done }
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
