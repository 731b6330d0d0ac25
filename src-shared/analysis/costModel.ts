/**
 * The cost model behind run-time estimates: what one run of each experiment kind does, as work terms of a few
 * kernel families (passes × flops per pass), priced by rates this machine measured for each family (src-main
 * calibrates them once with a short micro-benchmark). Pure arithmetic: no timing happens here.
 *
 * A family's rate has two parts, a cost per pass (dispatch, small loops, the optimiser) and a cost per flop, because
 * quick-scale runs are bound by the first and paper-scale runs by the second; pricing both from one number is what
 * made estimates from other kinds' rates wrong by orders of magnitude.
 */
import type { ExperimentSpec, ExperimentSpecInput } from '../spec/experiment'

/**
 * diagonal: fused diagonal SISO steps on the population loss; impulse: impulse responses of a general linear student;
 * sequence: a linear student run over sampled sequences; gated: GRU/LSTM cells; conv: the EMAMI21 twins (impulse
 * responses plus convolutions over the data); scalar: the PROCA one-mode gradient flows.
 */
export const KERNEL_FAMILIES = ['diagonal', 'impulse', 'sequence', 'gated', 'conv', 'scalar'] as const
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
}
export type MachineRates = Record<KernelFamily, FamilyRate>

/** The shape of an imported recording, which the spec names but does not contain. */
export interface DatasetShape {
  inputs: number
  outputs: number
  /** Time bins of the recording. */
  rows: number
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
  const { nx, ny } = real ? { nx: dataset.inputs, ny: dataset.outputs } : teacherChannels(spec)
  const sequences = real ? spec.data.batchSize : (spec.data.trainSize ?? spec.data.batchSize)
  // every model convolves its K taps over the sequences (forward and backward) at each labelled step: every step of
  // a synthetic sequence with target 'every', only the last of a window of the recording; the RNN also builds its taps
  const labelled = !real && spec.data.target === 'every' ? K : 1
  const convolution = 2 * 2 * sequences * labelled * K * nx * ny
  const perStep = models.length * convolution + (models.includes('rnn') ? impulseFlops(d, K, nx, ny) : 0)
  const terms: WorkTerm[] = [{ family: 'conv', passes: twinSteps(spec, dataset), flops: perStep }]
  // the ridge optimum solves once on the (K n_x)² Gram matrix of every window
  if (real && spec.options.ridge) terms.push({ family: 'conv', passes: 1, flops: dataset.rows * (K * nx) ** 2 + (K * nx) ** 3 })
  return terms
}

function twinSteps(spec: Extract<ExperimentSpec, { experiment: 'rnn-conv-twins' }>, dataset: DatasetShape): number {
  const epochs = spec.options.epochs
  if (epochs && (spec.data.dataset !== undefined || spec.teacher.kind === 'none')) {
    return Math.ceil((epochs * dataset.rows * spec.data.trainFraction) / spec.data.batchSize)
  }
  return Math.max(1, spec.stopping.maxSteps)
}

/** The work of one run, by kernel family. Stopping criteria are ignored: maxSteps bounds the run. */
export function runWork(spec: ExperimentSpec, dataset: DatasetShape = TYPICAL_DATASET): WorkTerm[] {
  const d = spec.student.width
  const k = spec.data.length
  const b = spec.data.trainSize === null ? spec.data.batchSize : Math.min(spec.data.batchSize, spec.data.trainSize)
  // sampled sequences are as long as the training shape says, which adversarial labels lengthen
  const kTrain = trainedLength(spec.data)
  const steps = Math.max(1, spec.stopping.maxSteps)
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

/**
 * The micro-benchmark's specs: per family a small and a large run of the real procedure, each run for `steps` steps
 * and timed between its progress reports. Sizes span quick to paper scale so the fitted line is used between them.
 */
export interface CalibrationProbe {
  family: KernelFamily
  steps: number
  sizes: [ExperimentSpecInput, ExperimentSpecInput]
}

const population = (parameterization: 'diagonal' | 'general', width: number, length: number): ExperimentSpecInput => ({
  teacher: { kind: 'random-stable', dim: 4 } as ExperimentSpecInput['teacher'],
  student: { kind: 'linear', width, parameterization },
  data: { loss: 'population', length },
})
const sampled = (kind: 'linear' | 'gru', width: number, length: number, batchSize: number): ExperimentSpecInput => ({
  student: { kind, width },
  data: { loss: 'empirical', length, batchSize },
})
const twin = (width: number, length: number, trainSize: number): ExperimentSpecInput => ({
  experiment: 'rnn-conv-twins',
  teacher: { kind: 'emami21', dim: 4, inputs: 15, outputs: 1 } as ExperimentSpecInput['teacher'],
  student: { kind: 'linear', width, widthScaling: true, init: { kind: 'emami21', scale: 0.001 } } as ExperimentSpecInput['student'],
  data: { loss: 'empirical', length, target: 'every', trainSize, testSize: 4 },
  optimizer: { kind: 'gd', lr: 0.01 } as ExperimentSpecInput['optimizer'],
  options: { models: ['rnn', 'scaled_conv1d', 'conv1d'], ridge: false },
} as ExperimentSpecInput)
const mode = (length: number): ExperimentSpecInput => ({
  experiment: 'proca-mode',
  teacher: { kind: 'sequence', shape: 'constant', base: 0.7 } as ExperimentSpecInput['teacher'],
  data: { loss: 'population', length },
  optimizer: { kind: 'gd', lr: 0.001 } as ExperimentSpecInput['optimizer'],
} as ExperimentSpecInput)

export const CALIBRATION_PROBES: CalibrationProbe[] = [
  { family: 'diagonal', steps: 10_000, sizes: [population('diagonal', 40, 4), population('diagonal', 200, 30)] },
  { family: 'impulse', steps: 1000, sizes: [population('general', 16, 4), population('general', 40, 16)] },
  { family: 'sequence', steps: 100, sizes: [sampled('linear', 16, 5, 50), sampled('linear', 50, 10, 100)] },
  { family: 'gated', steps: 30, sizes: [sampled('gru', 16, 5, 50), sampled('gru', 48, 10, 100)] },
  { family: 'conv', steps: 50, sizes: [twin(20, 10, 10), twin(200, 20, 20)] },
  { family: 'scalar', steps: 100_000, sizes: [mode(10), mode(60)] },
]
