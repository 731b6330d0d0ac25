/**
 * The data side of linear training (stage 1): from the spec's data section to losses of the impulse response —
 * population (exact), a fixed set (full batch by sufficient statistics or convolution, or shuffled minibatches),
 * or fresh sequences every step — plus test and validation losses against the TRUE teacher.
 */
import {
  empiricalLossDirect,
  populationLagWeights,
  populationLoss,
  preferSufficientStats,
  sufficientStats,
  sufficientStatsLoss,
} from '../engine/linearLoss'
import { Rng } from '../engine/prng'
import {
  adversarialImpulse,
  adversarialLabels,
  allocSequences,
  type LabelSystem,
  MinibatchSampler,
  sampleSequences,
  type SequenceData,
  teacherLabels,
  trainingShape,
} from '../engine/sequenceData'
import { LinearTeacher } from '../teachers/linearTeacher'
import type { ExperimentSpec } from '../spec/experiment'
import type { Teacher } from '../teachers/teacher'

/** A loss of ĥ that writes dL/dĥ_j into G for j < K. */
type ImpulseLoss = (G: Float64Array, h: Readonly<Float64Array>) => number

export interface LinearObjective {
  /** Lags of the impulse response the training loss reads (and writes in G). */
  K: number
  /** Training loss of this step (a fresh batch or the next minibatch when the data say so). */
  train(G: Float64Array, h: Readonly<Float64Array>): number
  /** The training loss over the whole training set (exact for the population; one fresh batch for fresh data). */
  full: ImpulseLoss
  /** Loss on the test set, labelled by the true teacher; null without test data. */
  test: ImpulseLoss | null
  /** Early-stopping loss: the test loss, else the population loss against the true teacher (linear teachers). */
  validation: ImpulseLoss | null
  /** When training is on the population loss: train = Σ_j weights_j ||ĥ_j − labels_j||² (for fused kernels). */
  population?: { labels: Readonly<Float64Array>; weights: Float64Array }
}

/** Loss on a fixed set, evaluated whichever way is cheaper for `evaluations` calls. */
function fixedSetLoss(data: SequenceData, spec: ExperimentSpec, evaluations: number): ImpulseLoss {
  if (preferSufficientStats(data, evaluations)) {
    const stats = sufficientStats(data, spec.data.reduction, spec.data.lossScale)
    return (G, h) => sufficientStatsLoss(G, h, stats)
  }
  return (G, h) => empiricalLossDirect(G, h, data, spec.data.reduction, spec.data.lossScale)
}

export function makeLinearObjective(spec: ExperimentSpec, teacher: Teacher): LinearObjective {
  const { data } = spec
  const k = data.length
  const nx = teacher.inputs
  const ny = teacher.outputs
  const shape = trainingShape(data)
  const teacherDim = teacher instanceof LinearTeacher ? teacher.system.dim : null
  const labels: LabelSystem = data.adversarial
    ? adversarialLabels(teacher, k, shape.length)
    : teacherLabels(teacher, shape.length, teacherDim)
  const labelOpts = { delay: data.delay, noiseSnrDb: data.noiseSnrDb }
  const steps = spec.stopping.maxSteps + 1
  const hTrue = teacher.impulse(k)
  const populationVsTeacher: ImpulseLoss | null = hTrue
    ? (G, h) => populationLoss(G, h, hTrue, k, ny, nx, data.target, data.reduction, data.lossScale)
    : null

  let test: ImpulseLoss | null = null
  if (data.testSize > 0) {
    const testSet = allocSequences(data.testSize, k, nx, ny, data.target)
    sampleSequences(testSet, teacherLabels(teacher, k, teacherDim), labelOpts, new Rng(spec.seed, 'test'))
    test = fixedSetLoss(testSet, spec, steps)
  }
  const validation = test ?? populationVsTeacher

  if (data.loss === 'population') {
    if (data.delay > 0 || data.noiseSnrDb !== null) {
      throw new Error('data.loss: the population loss has no output delay or noise; use data.loss = "empirical"')
    }
    // Adversarial population: the expected loss against the adversarial impulse response over every length.
    const K = shape.length
    const hLabels = data.adversarial ? adversarialImpulse(teacher, k, K) : teacher.impulse(K)
    if (!hLabels) throw new Error('data.loss: the population loss needs a linear teacher; use data.loss = "empirical"')
    const loss: ImpulseLoss = (G, h) => populationLoss(G, h, hLabels, K, ny, nx, shape.target, data.reduction, data.lossScale)
    const weights = populationLagWeights(K, ny, shape.target, data.reduction, data.lossScale)
    return { K, train: loss, full: loss, test, validation, population: { labels: hLabels, weights } }
  }

  const rng = new Rng(spec.seed, 'data')
  const K = shape.length
  if (data.trainSize === null) {
    const batch = allocSequences(data.batchSize, K, nx, ny, shape.target)
    const fresh: ImpulseLoss = (G, h) => {
      sampleSequences(batch, labels, labelOpts, rng)
      return empiricalLossDirect(G, h, batch, data.reduction, data.lossScale)
    }
    return { K, train: fresh, full: fresh, test, validation }
  }
  const trainSet = allocSequences(data.trainSize, K, nx, ny, shape.target)
  sampleSequences(trainSet, labels, labelOpts, rng)
  const minibatches = spec.optimizer.kind !== 'gd' && data.batchSize < data.trainSize
  if (!minibatches) {
    const loss = fixedSetLoss(trainSet, spec, steps)
    return { K, train: loss, full: loss, test, validation }
  }
  const sampler = new MinibatchSampler(trainSet, data.batchSize, rng)
  return {
    K,
    train: (G, h) => empiricalLossDirect(G, h, sampler.next(), data.reduction, data.lossScale),
    full: fixedSetLoss(trainSet, spec, 1),
    test,
    validation,
  }
}
