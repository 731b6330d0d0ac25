/**
 * A GRU or LSTM with its readout, parameters, gradients and buffers in one kernel arena: forward on batch-major
 * sequences, squared-error loss with its gradient (forward, backward; zeroGrad is its own step), chunked prediction
 * for evaluation. In float32 the arena (kernels, activations) is float32 while `params` and `grads` stay float64
 * for the optimiser, checkpoints and snapshots: each pass rounds the parameters into the arena and adds the float32
 * gradients back (float64 master weights, as mixed-precision training keeps them).
 */
import type { ModelSnapshot } from '../api/results'
import type { Arena, Backend, Precision, Real } from './backend'
import {
  gatedCacheSize,
  gatedParamCount,
  gatedParams,
  gatedSnapshot,
  makeGatedCache,
  readoutBackward,
  readoutForward,
  type GatedCache,
  type GatedDims,
  type GatedParams,
} from './gated'
import { gruBackward, gruForward } from './gru'
import { lstmBackward, lstmForward } from './lstm'
import type { SequenceData } from './sequenceData'
import type { Reduction } from './linearLoss'

interface GatedModelOptions {
  /** Largest minibatch a gradient is taken on. */
  maxBatch: number
  /** Buffer rows (batch × length) to hold; prediction on more sequences runs in chunks. */
  maxRows: number
  /** The kernels (chosen by the process entry point). */
  backend: Backend
  /** Arithmetic of the kernels (float64 by default: results then match PyTorch float64 to rounding). */
  precision?: Precision
}

export class GatedModel {
  readonly arena: Arena<Real>
  readonly params: GatedParams
  readonly grads: GatedParams
  readonly cache: GatedCache
  readonly precision: Precision
  /** What the kernels read and write: params and grads themselves in float64, float32 copies in float32. */
  private readonly work: GatedParams<Real>
  private readonly workGrads: GatedParams<Real>

  constructor(readonly dims: GatedDims, opts: GatedModelOptions) {
    const n = gatedParamCount(dims)
    const maxRows = Math.max(opts.maxRows, opts.maxBatch)
    this.precision = opts.precision ?? 'float64'
    const capacity = 2 * n + 32 + gatedCacheSize(dims, opts.maxBatch, maxRows)
    if (this.precision === 'float64') {
      const arena = opts.backend.arena(capacity)
      this.arena = arena
      this.params = gatedParams(dims, arena.alloc(n))
      this.grads = gatedParams(dims, arena.alloc(n))
      this.work = this.params
      this.workGrads = this.grads
    } else {
      const arena = opts.backend.arena(capacity, 'float32')
      this.arena = arena
      this.params = gatedParams(dims, new Float64Array(n))
      this.grads = gatedParams(dims, new Float64Array(n))
      this.work = gatedParams(dims, arena.alloc(n))
      this.workGrads = gatedParams(dims, arena.alloc(n))
    }
    this.cache = makeGatedCache(dims, this.arena, opts.maxBatch, maxRows)
  }

  /** Run the cell and readout on x (batch, length, n_x) batch-major; outputs stay in cache.y (time-major). */
  forward(x: Readonly<Float64Array>, batch: number, length: number): void {
    const { inputs: I } = this.dims
    const c = this.cache
    if (batch * length > c.maxRows || batch * (length + 1) > c.maxRows + c.maxBatch) {
      throw new Error(`gated model: ${batch} sequences of length ${length} exceed the buffers (${c.maxRows} rows)`)
    }
    for (let b = 0; b < batch; b++) {
      for (let t = 0; t < length; t++) {
        for (let i = 0; i < I; i++) c.x[(t * batch + b) * I + i] = x[(b * length + t) * I + i]
      }
    }
    if (this.work !== this.params) this.work.buffer.set(this.params.buffer)
    if (this.dims.kind === 'gru') gruForward(c, this.work, this.dims, this.arena, batch, length)
    else lstmForward(c, this.work, this.dims, this.arena, batch, length)
    readoutForward(c, this.work, this.dims, this.arena, batch, length)
  }

  /** Outputs y (count, length, n_y) for inputs x (count, length, n_x), in chunks that fit the buffers. */
  predict(y: Float64Array, x: Readonly<Float64Array>, count: number, length: number): void {
    const { inputs: I, outputs: O } = this.dims
    const c = this.cache
    const chunk = Math.min(Math.floor(c.maxRows / length), Math.floor((c.maxRows + c.maxBatch) / (length + 1)))
    if (chunk < 1) throw new Error(`gated model: sequences of length ${length} exceed the buffers (${c.maxRows} rows)`)
    for (let start = 0; start < count; start += chunk) {
      const batch = Math.min(chunk, count - start)
      this.forward(x.subarray(start * length * I, (start + batch) * length * I), batch, length)
      for (let b = 0; b < batch; b++) {
        for (let t = 0; t < length; t++) {
          for (let o = 0; o < O; o++) y[((start + b) * length + t) * O + o] = c.y[(t * batch + b) * O + o]
        }
      }
    }
  }

  /**
   * Squared error of the supervised outputs of `data` (mean over them, or the sum) times `lossScale` (data.lossScale:
   * 0.5 is AISTATS22's ½) and its gradient, ADDED into `grads` (call zeroGrad first). torch.nn.MSELoss(reduction) at 1.
   */
  lossAndGradient(data: Readonly<SequenceData>, reduction: Reduction, lossScale = 1): number {
    const { count: B, length: T, outputs: O } = data
    if (B > this.cache.maxBatch) throw new Error(`gated model: batch ${B} exceeds maxBatch ${this.cache.maxBatch}`)
    this.forward(data.x, B, T)
    const c = this.cache
    const steps = data.target === 'last' ? 1 : T
    const scale = lossScale * (reduction === 'sum' ? 1 : 1 / (B * steps * O))
    const dy = c.dy.subarray(0, B * T * O)
    dy.fill(0)
    let loss = 0
    for (let t = data.target === 'last' ? T - 1 : 0; t < T; t++) {
      for (let b = 0; b < B; b++) {
        for (let o = 0; o < O; o++) {
          const k = (t * B + b) * O + o
          const err = c.y[k] - data.y[(b * T + t) * O + o]
          loss += err * err
          dy[k] = 2 * scale * err
        }
      }
    }
    const dp = this.workGrads
    if (dp !== this.grads) dp.buffer.fill(0)
    readoutBackward(dp, c, this.work, this.dims, this.arena, B, T)
    if (this.dims.kind === 'gru') gruBackward(dp, c, this.work, this.dims, this.arena, B, T)
    else lstmBackward(dp, c, this.work, this.dims, this.arena, B, T)
    if (dp !== this.grads) {
      const g = this.grads.buffer
      const g32 = dp.buffer
      for (let i = 0; i < g.length; i++) g[i] += g32[i]
    }
    return scale * loss
  }

  /** Sets every gradient to 0 (before lossAndGradient, which accumulates). */
  zeroGrad(): void {
    this.grads.buffer.fill(0)
  }

  snapshot(kind: string = this.dims.kind): ModelSnapshot {
    return gatedSnapshot(this.params, kind)
  }
}
