/**
 * The cost model behind run-time estimates: what one run of each experiment kind does, as work terms of a few
 * kernel families (passes × flops per pass), priced by rates this machine measured for each family (src-main
 * calibrates them once with a short micro-benchmark). Pure arithmetic: no timing happens here.
 *
 * A family's rate has two parts, a cost per pass (dispatch, small loops, the optimiser) and a cost per flop, because
 * quick-scale runs are bound by the first and paper-scale runs by the second; pricing both from one number is what
 * made estimates from other kinds' rates wrong by orders of magnitude.
 */
import type { ExperimentSpec } from '../spec/experiment'
import { RIDGE_FOLDS, RIDGE_GRID } from '../experiments/emami21Ridge'

/**
 * diagonal: fused diagonal SISO steps on the population loss; impulse: impulse responses of a general linear student;
 * sequence: a linear student run over sampled sequences; gated: GRU/LSTM cells; conv: the EMAMI21 twins on synthetic
 * sequences (impulse responses plus convolutions over the data); recording: the twins on a recording's windows (their
 * last-step convolution, the window statistics and the ridge solve); scalar: the PROCA one-mode gradient flows.
 */
export const KERNEL_FAMILIES = ['diagonal', 'impulse', 'sequence', 'gated', 'conv', 'recording', 'scalar'] as const
export type KernelFamily = (typeof KERNEL_FAMILIES)[number]

/** `passes` repetitions of `flops` floating-point operations each. */
export interface WorkTerm {
  family: KernelFamily
  passes: number
  flops: number
}

export interface FamilyRate {
  secondsPerPass: number
  secondsPerFlop: number
  /** A run's set-up and final evaluation (data, teacher, metrics) in a warm process. */
  setupSeconds: number
  /** What the first run of the family in a fresh process pays on top (compiling its code): once per worker. */
  coldSeconds: number
  /**
   * The passes over which that first run paid it (the probe's steps): the engine optimises a loop while it runs, so a
   * first run of fewer passes pays its share. Without it, every first run pays all of coldSeconds.
   */
  coldPasses?: number
}
export type MachineRates = Record<KernelFamily, FamilyRate>

/**
 * Rates of a two-core x86-64 lab machine (CPU seconds): the estimates' rates until this machine's are measured (the
 * first estimates after a first start are off by how much this machine differs from that one), and what the
 * scheduler ranks a sweep's runs by (runner/runOrder.ts), where only their order matters.
 */
export const PROVISIONAL_MACHINE_RATES: MachineRates = {
  diagonal: { secondsPerPass: 5.3e-07, secondsPerFlop: 6.3e-10, setupSeconds: 0.011, coldSeconds: 0.045, coldPasses: 40000 },
  impulse: { secondsPerPass: 1.3e-05, secondsPerFlop: 4.3e-10, setupSeconds: 0.0086, coldSeconds: 0.35, coldPasses: 4000 },
  sequence: { secondsPerPass: 3.6e-05, secondsPerFlop: 1.8e-11, setupSeconds: 0.013, coldSeconds: 0.029, coldPasses: 600 },
  gated: { secondsPerPass: 0.00022, secondsPerFlop: 5.1e-11, setupSeconds: 0.045, coldSeconds: 0.04, coldPasses: 30 },
  conv: { secondsPerPass: 0.00012, secondsPerFlop: 2.8e-10, setupSeconds: 0.00097, coldSeconds: 0.033, coldPasses: 200 },
  recording: { secondsPerPass: 8.5e-05, secondsPerFlop: 1.2e-10, setupSeconds: 0.03, coldSeconds: 0.051, coldPasses: 300 },
  scalar: { secondsPerPass: 9.8e-08, secondsPerFlop: 2.4e-09, setupSeconds: 0.0002, coldSeconds: 0.023, coldPasses: 100000 },
}

/** The shape of an imported recording, which the spec names but does not contain. */
export interface DatasetShape {
  inputs: number
  outputs: number
  /** Time bins of the recording. */
  rows: number
  /** Behaviour columns named like a velocity: what the twins decode when options.targets does not say. */
  velocities?: number
}
/** Assumed when the dataset is not known (about the EMAMI21 S1 recording's shape). */
export const TYPICAL_DATASET: DatasetShape = { inputs: 52, outputs: 2, rows: 30_000 }

/** Matrix flops of one impulse-response pass of a general linear student (forward carry, adjoint, dA). */
export function impulseFlops(d: number, K: number, nx: number, ny: number): number {
  return 6 * Math.max(1, K - 1) * d * d * Math.min(nx, ny) + 6 * K * d * nx * ny
}

function teacherChannels(spec: ExperimentSpec): { nx: number; ny: number } {
  const t = spec.teacher as { inputs?: number; outputs?: number }
  return { nx: t.inputs ?? 1, ny: t.outputs ?? 1 }
}

/** Flops of one forward + backward pass of a gated cell over a batch of sequences. */
function gatedFlops(kind: string, d: number, k: number, b: number, nx: number): number {
  const gates = kind === 'lstm' ? 4 : 3
  return 6 * b * k * gates * d * (d + nx + 1)
}

/** How the GRU teacher is fitted (teachers/gruTeacher.ts): batches of 50 sequences as long as its target response. */
const GRU_TEACHER_BATCH = 50
const GRU_TEACHER_TARGET_LENGTH = 40

/** Fixed work of building the teacher: a GRU teacher is itself trained, on its own batches and sequence length. */
function teacherWork(spec: ExperimentSpec): WorkTerm[] {
  if (spec.teacher.kind !== 'gru') return []
  const t = spec.teacher as { units: number; trainSteps: number; targetImpulse?: number[] }
  const length = t.targetImpulse?.length ?? GRU_TEACHER_TARGET_LENGTH
  return [{ family: 'gated', passes: t.trainSteps, flops: gatedFlops('gru', t.units, length, GRU_TEACHER_BATCH, 1) }]
}

/** The length of the sequences a student trains on: adversarial labels train up to their longest length. */
export function trainedLength(data: ExperimentSpec['data']): number {
  return data.adversarial ? Math.max(data.adversarialMaxLength, data.length) : data.length
}

function twinWork(spec: Extract<ExperimentSpec, { experiment: 'rnn-conv-twins' }>, dataset: DatasetShape): WorkTerm[] {
  const d = spec.student.width
  const K = spec.data.length
  const real = spec.data.dataset !== undefined || spec.teacher.kind === 'none'
  const models = spec.options.models ?? (real ? ['rnn', 'scaled_conv1d', 'conv1d'] : ['rnn', 'scaled_conv1d'])
  const { nx, ny } = real ? { nx: dataset.inputs, ny: decodedOutputs(spec, dataset) } : teacherChannels(spec)
  const sequences = real ? spec.data.batchSize : (spec.data.trainSize ?? spec.data.batchSize)
  // every model convolves its K taps over the sequences (forward and backward) at each labelled step: every step of
  // a synthetic sequence with target 'every', only the last of a window of the recording; the RNN also builds its taps
  const labelled = !real && spec.data.target === 'every' ? K : 1
  const convolution = 2 * 2 * sequences * labelled * K * nx * ny
  const perStep = models.length * convolution + (models.includes('rnn') ? impulseFlops(d, K, nx, ny) : 0)
  if (!real) return [{ family: 'conv', passes: twinSteps(spec, dataset), flops: perStep }]
  // a recording's windows run another kernel (one gathered window per sequence, the last step only): its own family
  const lagProducts = 2 * K * nx * nx
  const steps = twinSteps(spec, dataset)
  const terms: WorkTerm[] = [
    { family: 'recording', passes: steps, flops: perStep },
    // each evaluation scores every model on the training, held-out and test windows' statistics: (K n_x)² n_y each
    { family: 'recording', passes: Math.ceil(steps / twinEvalEvery(spec, dataset)), flops: models.length * 3 * 2 * (K * nx) ** 2 * ny },
    // the window statistics the evaluations read: one (n_x × n_x) product over the rows per lag
    { family: 'recording', passes: 1, flops: lagProducts * dataset.rows },
  ]
  // the ridge penalty's cross-validation: the folds' statistics over the training rows, then a Cholesky solve of the
  // (K n_x)² Gram matrix per penalty and fold, and one refit
  const solves = RIDGE_GRID.length * RIDGE_FOLDS + 1
  if (spec.options.ridge) terms.push({ family: 'recording', passes: 1, flops: lagProducts * dataset.rows * spec.data.trainFraction + (solves * (K * nx) ** 3) / 3 })
  return terms
}

/** The behaviour columns a twin decodes: options.targets, else those named like a velocity, else every one. */
function decodedOutputs(spec: Extract<ExperimentSpec, { experiment: 'rnn-conv-twins' }>, dataset: DatasetShape): number {
  return spec.options.targets?.length || dataset.velocities || dataset.outputs
}

/** Steps between a recording twin's evaluations: the stopping rule's, else options.evalEvery, else 4 per epoch. */
function twinEvalEvery(spec: Extract<ExperimentSpec, { experiment: 'rnn-conv-twins' }>, dataset: DatasetShape): number {
  const rule = spec.stopping.earlyStopping
  if (rule) return rule.every
  const windows = dataset.rows * spec.data.trainFraction
  const perEpoch = spec.optimizer.kind === 'gd' ? 1 : Math.max(1, Math.floor(windows / spec.data.batchSize))
  return (spec.options.evalEvery ?? Math.max(1, Math.round(perEpoch / 4))) || perEpoch
}

function twinSteps(spec: Extract<ExperimentSpec, { experiment: 'rnn-conv-twins' }>, dataset: DatasetShape): number {
  const epochs = spec.options.epochs
  if (epochs && (spec.data.dataset !== undefined || spec.teacher.kind === 'none')) {
    return Math.ceil((epochs * dataset.rows * spec.data.trainFraction) / spec.data.batchSize)
  }
  return Math.max(1, spec.stopping.maxSteps)
}

/**
 * The share of maxSteps a run that stops on a loss threshold is expected to train. How soon a loss crosses a
 * threshold depends on the landscape, not on anything the spec states (the AISTATS22 Fig. 3 and Fig. 4 quick runs
 * stopped at 34 % and 14 % of their caps at the same threshold and width); a cap is set with room above the expected
 * stop, so a quarter of it is the prior, and the kind's own finished runs correct it (estimate.ts).
 */
export const THRESHOLD_STEP_SHARE = 0.25

/** The steps a run is expected to train: maxSteps, or the prior share of it when a loss threshold may end it. */
export function expectedSteps(spec: ExperimentSpec): number {
  const cap = Math.max(1, spec.stopping.maxSteps)
  return spec.stopping.lossThreshold != null ? Math.max(1, Math.round(cap * THRESHOLD_STEP_SHARE)) : cap
}

/** The work of one run, by kernel family. Early stopping is ignored (maxSteps bounds it); a loss threshold is not. */
export function runWork(spec: ExperimentSpec, dataset: DatasetShape = TYPICAL_DATASET): WorkTerm[] {
  const d = spec.student.width
  const k = spec.data.length
  const b = spec.data.trainSize === null ? spec.data.batchSize : Math.min(spec.data.batchSize, spec.data.trainSize)
  // sampled sequences are as long as the training shape says, which adversarial labels lengthen
  const kTrain = trainedLength(spec.data)
  const steps = expectedSteps(spec)
  const { nx, ny } = teacherChannels(spec)
  const evaluation: WorkTerm = { family: 'impulse', passes: 1, flops: spec.metrics.horizon * d * d }
  switch (spec.experiment) {
    case 'rnn-conv-twins':
      return twinWork(spec, dataset)
    case 'proca-mode':
      return [{ family: 'scalar', passes: steps, flops: k }]
    case 'proca-landscape': {
      const { grid, trajectories } = spec.options as { grid: number; trajectories: unknown[] }
      return [
        { family: 'scalar', passes: grid * grid, flops: k },
        { family: 'scalar', passes: steps * Math.max(1, trajectories.length), flops: k },
      ]
    }
    case 'counterexample':
      return [{ family: 'impulse', passes: 1, flops: impulseFlops(d, k, 1, 1) }, evaluation]
    case 'train':
      break
  }
  const student = spec.student
  if (student.kind === 'gru' || student.kind === 'lstm') {
    return [...teacherWork(spec), { family: 'gated', passes: steps, flops: gatedFlops(student.kind, d, kTrain, b, nx) }, evaluation]
  }
  if (spec.data.loss === 'population') {
    if (student.parameterization === 'diagonal') return [{ family: 'diagonal', passes: steps, flops: k * d }, evaluation]
    return [{ family: 'impulse', passes: steps, flops: impulseFlops(d, k, nx, ny) }, evaluation]
  }
  return [{ family: 'sequence', passes: steps, flops: 6 * b * kTrain * d * (d + nx + ny) }, evaluation]
}

/** The family of a run's main loop (its term with the most passes), whose set-up the run pays. */
export function mainFamily(terms: readonly WorkTerm[]): KernelFamily {
  return terms.reduce((a, b) => (b.passes > a.passes ? b : a)).family
}

/** What a worker's first run of these terms pays for compiling their family's code, at these rates. */
export function coldSeconds(terms: readonly WorkTerm[], rates: MachineRates): number {
  if (!terms.length) return 0
  const main = terms.reduce((a, b) => (b.passes > a.passes ? b : a))
  const rate = rates[main.family]
  return rate.coldSeconds * (rate.coldPasses ? Math.min(1, main.passes / rate.coldPasses) : 1)
}

/** Seconds the terms take at these rates in a warm worker, set-up included. */
export function workSeconds(terms: readonly WorkTerm[], rates: MachineRates): number {
  const loops = terms.reduce((s, t) => s + t.passes * (rates[t.family].secondsPerPass + t.flops * rates[t.family].secondsPerFlop), 0)
  return loops + (terms.length ? rates[mainFamily(terms)].setupSeconds : 0)
}

/**
 * A family's rate from seconds per pass measured at two sizes (flops per pass): the line through both, with neither
 * part negative (timing noise can tilt the line when the sizes cost about the same).
 */
export function fitRate(small: { flops: number; seconds: number }, large: { flops: number; seconds: number }): Pick<FamilyRate, 'secondsPerPass' | 'secondsPerFlop'> {
  const slope = (large.seconds - small.seconds) / Math.max(1, large.flops - small.flops)
  if (!(slope > 0)) return { secondsPerPass: Math.max(small.seconds, large.seconds), secondsPerFlop: 0 }
  const intercept = small.seconds - slope * small.flops
  if (intercept < 0) return { secondsPerPass: 0, secondsPerFlop: large.seconds / large.flops }
  return { secondsPerPass: intercept, secondsPerFlop: slope }
}

export { CALIBRATION_PROBES, type CalibrationProbe } from './costProbes'
