/**
 * Training and test sequences: Gaussian inputs, labels from a teacher (or the AISTATS22 adversarial system),
 * output delay and noise at a given SNR, and minibatches drawn from a fixed set. Shared by every student kind.
 */
import type { Teacher } from '../teachers/teacher'
import type { DataSpec } from '../spec/data'
import type { Rng } from './prng'

export type TargetKind = 'last' | 'every'

export interface SequenceData {
  count: number
  length: number
  inputs: number
  outputs: number
  /** Which outputs are supervised: the last step only, or every step. */
  target: TargetKind
  x: Float64Array // (count, length, n_x)
  y: Float64Array // (count, length, n_y); only supervised steps are read
}

/** Anything that labels input sequences: a teacher, or the adversarial label system. */
export interface LabelSystem {
  /**
   * Outputs y (batch, length, n_y) for inputs x. `fromStep`: only steps ≥ it are read afterwards (a last-step
   * target), so a system may leave earlier steps at 0 rather than compute them.
   */
  respond(y: Float64Array, x: Readonly<Float64Array>, batch: number, length: number, fromStep?: number): void
}

export function allocSequences(count: number, length: number, inputs: number, outputs: number, target: TargetKind): SequenceData {
  return {
    count,
    length,
    inputs,
    outputs,
    target,
    x: new Float64Array(count * length * inputs),
    y: new Float64Array(count * length * outputs),
  }
}

/**
 * Length and supervision of the training sequences. AISTATS22 §7 says only that adversarial models are learned
 * "using the length k training sequences, while including erroneous (non-extrapolating) values for later time
 * steps". Our reading: plain data are sequences of length k supervised as `data.target` says; adversarial data are
 * sequences of length `adversarialMaxLength` supervised at every step, so every length 1..15 is a training
 * example, steps ≤ k carry the teacher's labels and later steps the adversarial system's.
 */
export function trainingShape(data: DataSpec): { length: number; target: TargetKind } {
  if (data.adversarial) return { length: Math.max(data.adversarialMaxLength, data.length), target: 'every' }
  return { length: data.length, target: data.target }
}

/**
 * AISTATS22 Fig. 1–2 adversarial labels: impulse response h_adv_j = h_{j mod k}, a periodic copy of the teacher's
 * first k values, (maxLength, n_y, n_x). It equals the teacher on every length ≤ k; for the memoryless teacher it is
 * w* at j = 0, k, 2k, ...
 */
export function adversarialImpulse(teacher: Teacher, k: number, maxLength: number): Float64Array {
  const h = teacher.impulse(k)
  if (!h) throw new Error('data.adversarial: the adversarial labels need a linear teacher (one with an impulse response)')
  const slab = teacher.inputs * teacher.outputs
  const hAdv = new Float64Array(maxLength * slab)
  for (let j = 0; j < maxLength; j++) hAdv.set(h.subarray((j % k) * slab, (j % k + 1) * slab), j * slab)
  return hAdv
}

/**
 * The teacher's labels computed the cheaper way: by convolution with its impulse response (T/2 · n_x n_y per step)
 * when that beats its own recurrence (about d² + d(n_x + n_y) per step for a d-state linear teacher).
 */
export function teacherLabels(teacher: Teacher, maxLength: number, teacherDim: number | null): LabelSystem {
  if (teacherDim === null) return teacher
  const nx = teacher.inputs
  const ny = teacher.outputs
  const convolution = ((maxLength + 1) / 2) * nx * ny
  const recurrence = teacherDim * teacherDim + teacherDim * (nx + ny)
  const h = convolution < recurrence ? teacher.impulse(maxLength) : null
  if (!h) return teacher
  return {
    respond(y, x, batch, length, fromStep = 0) {
      if (length > maxLength) throw new Error(`teacher labels: length ${length} exceeds ${maxLength}`)
      convolve(y, x, h, batch, length, nx, ny, fromStep)
    },
  }
}

/** Labels from the adversarial impulse response, by convolution. */
export function adversarialLabels(teacher: Teacher, k: number, maxLength: number): LabelSystem {
  const hAdv = adversarialImpulse(teacher, k, maxLength)
  return {
    respond(y, x, batch, length, fromStep = 0) {
      if (length > maxLength) throw new Error(`adversarial labels: length ${length} exceeds ${maxLength}`)
      convolve(y, x, hAdv, batch, length, teacher.inputs, teacher.outputs, fromStep)
    },
  }
}

/**
 * y_t = Σ_{j≤t} h_j x_{t-j} for every sequence and step t ≥ fromStep (earlier steps 0): x (batch, length, n_x),
 * h (≥ length, n_y, n_x).
 */
export function convolve(y: Float64Array, x: Readonly<Float64Array>, h: Readonly<Float64Array>, batch: number, length: number,
  nx: number, ny: number, fromStep = 0): void {
  const slab = nx * ny
  y.fill(0, 0, batch * length * ny)
  for (let n = 0; n < batch; n++) {
    for (let t = fromStep; t < length; t++) {
      const yo = (n * length + t) * ny
      for (let j = 0; j <= t; j++) {
        const xo = (n * length + t - j) * nx
        for (let o = 0; o < ny; o++) {
          let acc = 0
          for (let i = 0; i < nx; i++) acc += h[j * slab + o * nx + i] * x[xo + i]
          y[yo + o] += acc
        }
      }
    }
  }
}

interface LabelOptions {
  /** EMAMI21 Fig. 3: the target is the label system's output delayed by this many steps (zero before). */
  delay: number
  /** Gaussian output noise at this SNR (dB) relative to the mean square of the clean supervised labels. */
  noiseSnrDb: number | null
}

/** Draw standard Gaussian inputs (whitened, AISTATS22 §7) and label them. */
export function sampleSequences(data: SequenceData, labels: LabelSystem, opts: LabelOptions, rng: Rng): void {
  rng.fillNormal(data.x)
  labelSequences(data, labels, opts, rng)
}

function labelSequences(data: SequenceData, labels: LabelSystem, opts: LabelOptions, rng: Rng): void {
  const { count, length, outputs: ny } = data
  // a last-step target reads one output per sequence, unless a delay shifts earlier ones into it
  const fromStep = data.target === 'last' && opts.delay === 0 ? length - 1 : 0
  labels.respond(data.y, data.x, count, length, fromStep)
  if (opts.delay > 0) {
    for (let n = 0; n < count; n++) {
      const base = n * length * ny
      for (let t = length - 1; t >= 0; t--) {
        for (let o = 0; o < ny; o++) {
          data.y[base + t * ny + o] = t >= opts.delay ? data.y[base + (t - opts.delay) * ny + o] : 0
        }
      }
    }
  }
  if (opts.noiseSnrDb !== null) {
    let power = 0
    let m = 0
    forEachSupervised(data, (n, t) => {
      for (let o = 0; o < ny; o++) power += data.y[(n * length + t) * ny + o] ** 2
      m += ny
    })
    const std = Math.sqrt(power / m / 10 ** (opts.noiseSnrDb / 10))
    forEachSupervised(data, (n, t) => {
      for (let o = 0; o < ny; o++) data.y[(n * length + t) * ny + o] += std * rng.normal()
    })
  }
}

/** Call f(sequence, step) for every supervised output. */
function forEachSupervised(data: SequenceData, f: (n: number, t: number) => void): void {
  for (let n = 0; n < data.count; n++) {
    if (data.target === 'last') f(n, data.length - 1)
    else for (let t = 0; t < data.length; t++) f(n, t)
  }
}

/** Copy sequences `indices[from .. from + dst.count)` of src into dst (a minibatch). */
function gatherSequences(dst: SequenceData, src: Readonly<SequenceData>, indices: Readonly<Int32Array>, from: number): void {
  const xs = src.length * src.inputs
  const ys = src.length * src.outputs
  for (let b = 0; b < dst.count; b++) {
    const n = indices[from + b]
    dst.x.set(src.x.subarray(n * xs, (n + 1) * xs), b * xs)
    dst.y.set(src.y.subarray(n * ys, (n + 1) * ys), b * ys)
  }
}

/** Epoch-wise shuffled minibatches from a fixed set (PyTorch DataLoader(shuffle=True, drop_last=True) order). */
export class MinibatchSampler {
  private readonly order: Int32Array
  private cursor: number
  readonly batch: SequenceData

  constructor(private readonly source: SequenceData, batchSize: number, private readonly rng: Rng) {
    this.order = Int32Array.from({ length: source.count }, (_, i) => i)
    this.batch = allocSequences(Math.min(batchSize, source.count), source.length, source.inputs, source.outputs, source.target)
    this.cursor = source.count
  }

  next(): SequenceData {
    if (this.cursor + this.batch.count > this.source.count) {
      this.rng.shuffle(this.order)
      this.cursor = 0
    }
    gatherSequences(this.batch, this.source, this.order, this.cursor)
    this.cursor += this.batch.count
    return this.batch
  }
}
