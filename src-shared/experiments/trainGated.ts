/**
 * The trainer for GRU and LSTM students (student.kind 'gru' | 'lstm'): Adam (or SGD) on minibatches of sampled
 * sequences — a fixed training set (data.trainSize) or fresh sequences every step — labelled by the teacher or by
 * the AISTATS22 adversarial system, with the data helpers every student kind shares (engine/sequenceData.ts).
 */
import { subsampleCurve, type RunResult, type Series } from '../api/results'
import { initGated, type GatedDims } from '../engine/gated'
import { GatedModel } from '../engine/gatedModel'
import type { Reduction } from '../engine/linearLoss'
import { makeOptimizer } from '../engine/optim'
import { Rng } from '../engine/prng'
import {
  adversarialLabels,
  allocSequences,
  type LabelSystem,
  MinibatchSampler,
  sampleSequences,
  type SequenceData,
  trainingShape,
} from '../engine/sequenceData'
import type { ExperimentSpec } from '../spec/experiment'
import type { Teacher } from '../teachers/teacher'
import { gatedReport, RESPONSE_SEQUENCES } from './gatedReport'
import { EarlyStopper, PLATEAU_FRACTION, trainFitted } from './earlyStopping'
import type { RunContext } from './procedure'

const PROGRESS_EVERY = 25
/** Validation set for early stopping when there is no test set: sequences from the true teacher. */
const VALIDATION_SEQUENCES = 500

function gatedDims(spec: ExperimentSpec, teacher: Pick<Teacher, 'inputs' | 'outputs'>): GatedDims {
  const kind = spec.student.kind
  if (kind !== 'gru' && kind !== 'lstm') throw new Error(`student.kind: expected "gru" or "lstm", got "${kind}"`)
  return { kind, inputs: teacher.inputs, hidden: spec.student.width, outputs: teacher.outputs }
}

/** Rows the model's buffers hold: a training batch, and evaluation in chunks of whole sequences. */
function bufferRows(spec: ExperimentSpec, trainLength: number): number {
  const { horizon, maxLength } = spec.metrics
  const evalLength = Math.max(horizon, maxLength, 2 * spec.data.length)
  return Math.max(spec.data.batchSize * trainLength, 8 * evalLength, 4096)
}

/** Mean (or summed) squared error of `model` on every supervised output of `data`, times `lossScale`. */
function datasetLoss(model: GatedModel, data: Readonly<SequenceData>, reduction: Reduction, lossScale = 1): number {
  const { count, length, outputs: ny } = data
  const y = new Float64Array(count * length * ny)
  model.predict(y, data.x, count, length)
  let loss = 0
  let n = 0
  for (let s = 0; s < count; s++) {
    for (let t = data.target === 'last' ? length - 1 : 0; t < length; t++) {
      for (let o = 0; o < ny; o++) {
        const e = (s * length + t) * ny + o
        loss += (y[e] - data.y[e]) ** 2
        n++
      }
    }
  }
  return lossScale * (reduction === 'sum' ? loss : loss / n)
}

export function trainGated(spec: ExperimentSpec, ctx: RunContext, teacher: Teacher): RunResult {
  const { data } = spec
  if (data.loss !== 'empirical') {
    throw new Error('data.loss: gated students train on sampled sequences; set data.loss = "empirical"')
  }
  const dims = gatedDims(spec, teacher)
  const k = data.length
  const shape = trainingShape(data)
  const labels: LabelSystem = data.adversarial ? adversarialLabels(teacher, k, shape.length) : teacher
  const labelOpts = { delay: data.delay, noiseSnrDb: data.noiseSnrDb }
  const batchSize = data.trainSize === null ? data.batchSize : Math.min(data.batchSize, data.trainSize)

  const model = new GatedModel(dims, { maxBatch: batchSize, maxRows: bufferRows(spec, shape.length), precision: spec.student.precision, backend: ctx.backend })
  initGated(model.params, dims, spec.student.init, new Rng(spec.seed, 'init'))
  const optimizer = makeOptimizer(spec.optimizer, model.params.buffer.length, ctx.backend.adamUpdate)

  const dataRng = new Rng(spec.seed, 'data')
  let trainSet: SequenceData | null = null
  let nextBatch: () => SequenceData
  if (data.trainSize !== null) {
    trainSet = allocSequences(data.trainSize, shape.length, dims.inputs, dims.outputs, shape.target)
    sampleSequences(trainSet, labels, labelOpts, dataRng)
    const sampler = new MinibatchSampler(trainSet, batchSize, new Rng(spec.seed, 'minibatch'))
    nextBatch = () => sampler.next()
  } else {
    const fresh = allocSequences(batchSize, shape.length, dims.inputs, dims.outputs, shape.target)
    nextBatch = () => {
      sampleSequences(fresh, labels, labelOpts, dataRng)
      return fresh
    }
  }
  let testSet: SequenceData | null = null
  if (data.testSize > 0) {
    testSet = allocSequences(data.testSize, k, dims.inputs, dims.outputs, data.target)
    sampleSequences(testSet, teacher, labelOpts, new Rng(spec.seed, 'test'))
  }
  const { maxSteps, lossThreshold, earlyStopping } = spec.stopping
  let validationSet: SequenceData | null = testSet
  if (earlyStopping && !validationSet) {
    validationSet = allocSequences(VALIDATION_SEQUENCES, k, dims.inputs, dims.outputs, data.target)
    sampleSequences(validationSet, teacher, labelOpts, new Rng(spec.seed, 'validation'))
  }

  const losses = new Float64Array(maxSteps)
  const stopper = earlyStopping && validationSet ? new EarlyStopper(earlyStopping, model.params.buffer.length) : null
  const warnings: string[] = []
  let failure: string | undefined
  let step = 0
  for (; step < maxSteps; step++) {
    if (stopper?.due(step) && stopper.check(step, datasetLoss(model, validationSet!, data.reduction, data.lossScale), model.params.buffer)) break
    model.zeroGrad()
    const loss = model.lossAndGradient(nextBatch(), data.reduction, data.lossScale)
    losses[step] = loss
    if (!Number.isFinite(loss)) {
      failure = `loss diverged (${loss}) at step ${step}; try a smaller optimizer.lr`
      break
    }
    if (lossThreshold !== null && loss < lossThreshold) break
    optimizer.step(model.params.buffer, model.grads.buffer, step)
    if (step % PROGRESS_EVERY === 0) ctx.onProgress({ step, totalSteps: maxSteps, loss })
  }
  stopper?.restore(model.params.buffer)

  const report = gatedReport(model, teacher, spec)
  const metrics = report.metrics
  // the whole fixed set, or one fresh batch when every step draws new sequences
  metrics.final_loss = datasetLoss(model, trainSet ?? nextBatch(), data.reduction, data.lossScale)
  if (step > 0) {
    metrics.initial_loss = losses[0]
    const learned = (metrics.final_loss as number) < 0.9 * losses[0]
    metrics.learned = learned ? 1 : 0
    metrics.train_fitted = trainFitted(metrics.final_loss as number, losses[0])
    if (!learned && Number.isFinite(metrics.final_loss)) {
      warnings.push(`loss did not decrease: final ${(metrics.final_loss as number).toPrecision(4)} vs initial ${losses[0].toPrecision(4)}`)
    }
  }
  if (testSet) metrics.test_loss = datasetLoss(model, testSet, data.reduction, data.lossScale)
  if (stopper) metrics.best_step = stopper.bestStep
  if (stopper && stopper.armedAt === null) {
    warnings.push(`early stopping never armed: the validation loss did not leave its plateau (below ${PLATEAU_FRACTION} × its initial value) in ${step} steps`)
  }
  metrics.response_sequences = RESPONSE_SEQUENCES

  const taken = Math.min(step, maxSteps)
  const stepIndex = Float64Array.from({ length: taken }, (_, i) => i)
  const series: Record<string, Series> = {
    ...report.series,
    loss_curve: subsampleCurve(stepIndex, losses.subarray(0, taken), spec.metrics.curvePoints),
  }
  return {
    metrics,
    series,
    models: { student: model.snapshot(), teacher: teacher.snapshot() },
    warnings,
    steps: taken,
    ...(failure ? { failure } : {}),
  }
}
