/**
 * What the GRU and LSTM students share: dimensions, one parameter buffer in PyTorch's layout (so weights carry
 * across to torch.nn.GRU / nn.LSTM + nn.Linear), initialisers, the per-run cache, and the linear readout.
 * The cells themselves live in gru.ts and lstm.ts; gatedModel.ts ties them together.
 */
import type { ModelSnapshot } from '../api/results'
import type { InitSpec } from '../spec/student'
import type { Arena, Real } from './backend'
import { columnSums } from './backend/reference'
import type { Rng } from './prng'

export type GatedKind = 'gru' | 'lstm'

export interface GatedDims {
  kind: GatedKind
  inputs: number
  /** Hidden units (student.width). */
  hidden: number
  outputs: number
}

/** A named slice of the parameter buffer with its shape (snapshots, gradient checks, the optimiser). */
interface GatedTensor {
  name: string
  offset: number
  length: number
  shape: number[]
}

/** Gate blocks per cell: GRU r, z, n; LSTM i, f, g, o (PyTorch's order). */
function gateCount(kind: GatedKind): number {
  return kind === 'gru' ? 3 : 4
}

/** Views of one parameter (or gradient) buffer: float64 for the optimiser, float32 copies inside a float32 model. */
export interface GatedParams<F extends Real = Float64Array> {
  buffer: F
  wIh: F // (G·H, I)  weight_ih_l0
  wHh: F // (G·H, H)  weight_hh_l0
  bIh: F // (G·H)     bias_ih_l0
  bHh: F // (G·H)     bias_hh_l0
  wOut: F // (O, H)   readout.weight
  bOut: F // (O)      readout.bias
  tensors: GatedTensor[]
}

function layout(dims: GatedDims): GatedTensor[] {
  const { inputs: I, hidden: H, outputs: O } = dims
  const GH = gateCount(dims.kind) * H
  const specs: Array<[string, number[]]> = [
    ['weight_ih_l0', [GH, I]],
    ['weight_hh_l0', [GH, H]],
    ['bias_ih_l0', [GH]],
    ['bias_hh_l0', [GH]],
    ['readout.weight', [O, H]],
    ['readout.bias', [O]],
  ]
  let offset = 0
  return specs.map(([name, shape]) => {
    const length = shape.reduce((a, b) => a * b, 1)
    const t = { name, offset, length, shape }
    offset += length
    return t
  })
}

export function gatedParamCount(dims: GatedDims): number {
  return layout(dims).reduce((n, t) => n + t.length, 0)
}

function checkGatedDims(dims: GatedDims): void {
  for (const key of ['inputs', 'hidden', 'outputs'] as const) {
    if (!Number.isInteger(dims[key]) || dims[key] < 1) {
      throw new Error(`${key === 'hidden' ? 'student.width' : key}: expected a positive integer, got ${dims[key]}`)
    }
  }
}

/** Named views into `buffer` (length gatedParamCount(dims)). */
export function gatedParams<F extends Real>(dims: GatedDims, buffer: F): GatedParams<F> {
  checkGatedDims(dims)
  const tensors = layout(dims)
  if (buffer.length !== gatedParamCount(dims)) {
    throw new Error(`gated parameters: buffer holds ${buffer.length} values, the model needs ${gatedParamCount(dims)}`)
  }
  const [wIh, wHh, bIh, bHh, wOut, bOut] = tensors.map((t) => buffer.subarray(t.offset, t.offset + t.length) as F)
  return { buffer, wIh, wHh, bIh, bHh, wOut, bOut, tensors }
}

/**
 * student.init for gated models. pytorch-default: every weight and bias U(±1/√H) (nn.GRU/nn.LSTM, and nn.Linear on
 * H features), `scale` not applied. xavier: Glorot normal per matrix, std √(2/(fan_in + fan_out)) with PyTorch's fans
 * (rows, columns of the whole stacked matrix), times `scale`, biases 0. gaussian: every weight and bias N(0, scale²)
 * (ICLR23 §5.3 "initialization scale"). scaleA/B/C multiply W_hh / W_ih / the readout, as for A/B/C of a linear RNN.
 */
export function initGated(p: GatedParams, dims: GatedDims, init: InitSpec, rng: Rng): void {
  const { inputs: I, hidden: H, outputs: O } = dims
  const GH = gateCount(dims.kind) * H
  const mA = init.scaleA ?? 1
  const mB = init.scaleB ?? 1
  const mC = init.scaleC ?? 1
  const fill = (out: Float64Array, draw: () => number) => {
    for (let i = 0; i < out.length; i++) out[i] = draw()
  }
  switch (init.kind) {
    case 'pytorch-default': {
      const bound = 1 / Math.sqrt(H)
      fill(p.wIh, () => mB * rng.uniformIn(-bound, bound))
      fill(p.wHh, () => mA * rng.uniformIn(-bound, bound))
      fill(p.bIh, () => rng.uniformIn(-bound, bound))
      fill(p.bHh, () => rng.uniformIn(-bound, bound))
      fill(p.wOut, () => mC * rng.uniformIn(-bound, bound))
      fill(p.bOut, () => rng.uniformIn(-bound, bound))
      return
    }
    case 'xavier': {
      const glorot = (fanOut: number, fanIn: number) => init.scale * Math.sqrt(2 / (fanIn + fanOut))
      const sIh = mB * glorot(GH, I)
      const sHh = mA * glorot(GH, H)
      const sOut = mC * glorot(O, H)
      fill(p.wIh, () => sIh * rng.normal())
      fill(p.wHh, () => sHh * rng.normal())
      p.bIh.fill(0)
      p.bHh.fill(0)
      fill(p.wOut, () => sOut * rng.normal())
      p.bOut.fill(0)
      return
    }
    case 'gaussian': {
      const s = init.scale
      fill(p.wIh, () => mB * s * rng.normal())
      fill(p.wHh, () => mA * s * rng.normal())
      fill(p.bIh, () => s * rng.normal())
      fill(p.bHh, () => s * rng.normal())
      fill(p.wOut, () => mC * s * rng.normal())
      fill(p.bOut, () => s * rng.normal())
      return
    }
    case 'emami21':
      throw new Error(`student.init.kind: "emami21" is for linear students; use xavier, gaussian or pytorch-default`)
  }
}

/** Parameters by PyTorch state_dict name (rnn.* for the cell, readout.* for the nn.Linear). */
export function gatedSnapshot(p: GatedParams, kind: string): ModelSnapshot {
  const tensors: ModelSnapshot['tensors'] = {}
  for (const t of p.tensors) {
    const name = t.name.startsWith('readout') ? t.name : `rnn.${t.name}`
    tensors[name] = { shape: t.shape, data: Array.from(p.buffer.subarray(t.offset, t.offset + t.length)) }
  }
  return { kind, tensors }
}

/** Load parameters from a snapshot with PyTorch state_dict names (a gatedSnapshot, or weights exported from torch). */
export function loadGatedSnapshot(p: GatedParams, snapshot: Readonly<ModelSnapshot>): void {
  for (const t of p.tensors) {
    const name = t.name.startsWith('readout') ? t.name : `rnn.${t.name}`
    const tensor = snapshot.tensors[name]
    if (!tensor) throw new Error(`snapshot: tensor ${name} is missing`)
    if (tensor.data.length !== t.length || tensor.shape.join('×') !== t.shape.join('×')) {
      throw new Error(`snapshot: tensor ${name} has shape ${tensor.shape.join('×')}, the model needs ${t.shape.join('×')}`)
    }
    p.buffer.set(tensor.data, t.offset)
  }
}

/**
 * Per-run buffers for up to `maxRows` = batch × length time-major rows (row t·B + b) and batches of up to
 * `maxBatch` sequences for the backward pass, allocated once from the kernel arena, in its precision. GRU uses
 * `hh`/`dHh` (W_hh h + b_hh kept apart for r ⊙ (W_hn h + b_hn)); LSTM uses `cell`/`tanhCell`/`dCell`.
 */
export interface GatedCache {
  maxBatch: number
  maxRows: number
  x: Real // (T, B, I)
  pre: Real // (T, B, G·H) GRU: W_ih x + b_ih; LSTM: the full gate pre-activation
  hh: Real // (T, B, G·H) GRU only: W_hh h + b_hh
  gates: Real // (T, B, G·H) gate activations
  h: Real // (T + 1, B, H) states, h[0] = 0; room for maxRows + maxBatch rows
  cell: Real // (T + 1, B, H) LSTM only: c, c[0] = 0
  tanhCell: Real // (T, B, H) LSTM only: tanh(c_t)
  y: Real // (T, B, O)
  dy: Real // (T, B, O)
  dh: Real // (T, B, H) dL/dh_{t+1}
  dPre: Real // (T, B, G·H)
  dHh: Real // (T, B, G·H) GRU only
  dCell: Real // (B, H) LSTM only: dL/dc carried back one step
}

/** Values a cache needs in the arena, in its precision (to size it before allocating). */
export function gatedCacheSize(dims: GatedDims, maxBatch: number, maxRows: number): number {
  const { inputs: I, hidden: H, outputs: O } = dims
  const GH = gateCount(dims.kind) * H
  const rows = maxRows
  const gru = dims.kind === 'gru'
  const perRow = I + 3 * GH + (gru ? 2 * GH : 0) + 2 * H + (gru ? 0 : 2 * H) + 2 * O
  return rows * perRow + maxBatch * H * (gru ? 1 : 3) + 16 * 14
}

export function makeGatedCache(dims: GatedDims, arena: Arena<Real>, maxBatch: number, maxRows: number): GatedCache {
  const { inputs: I, hidden: H, outputs: O } = dims
  const GH = gateCount(dims.kind) * H
  const rows = maxRows
  const gru = dims.kind === 'gru'
  return {
    maxBatch,
    maxRows,
    x: arena.alloc(rows * I),
    pre: arena.alloc(rows * GH),
    hh: arena.alloc(gru ? rows * GH : 0),
    gates: arena.alloc(rows * GH),
    h: arena.alloc(rows * H + maxBatch * H),
    cell: arena.alloc(gru ? 0 : rows * H + maxBatch * H),
    tanhCell: arena.alloc(gru ? 0 : rows * H),
    y: arena.alloc(rows * O),
    dy: arena.alloc(rows * O),
    dh: arena.alloc(rows * H),
    dPre: arena.alloc(rows * GH),
    dHh: arena.alloc(gru ? rows * GH : 0),
    dCell: arena.alloc(gru ? 0 : maxBatch * H),
  }
}

/** Every row of `out` (rows × bias.length) set to `bias`. */
export function fillRows(out: Real, bias: Readonly<Real>, rows: number): void {
  const total = rows * bias.length
  if (total === 0) return
  out.set(bias, 0)
  // doubling copies: log₂(rows) memmoves instead of a call per row (rows × 1 for a one-output readout)
  for (let filled = bias.length; filled < total; filled *= 2) out.copyWithin(filled, 0, Math.min(filled, total - filled))
}

/**
 * The weight and bias gradients of a gated layer once every step's pre-activation gradients are known, each in one
 * product over all steps: dW_ih += dPreᵀ x, dW_hh += dHhᵀ h_{t} (h_0 = 0 contributes nothing), db_ih, db_hh.
 * dPre: (rows, G) gradients of W_ih x + b_ih; dHh: (rows, G) of W_hh h + b_hh (the same buffer for an LSTM; a GRU's
 * differ in the n gate, where r multiplies the recurrent term).
 */
export function gatedWeightGradients(dp: GatedParams<Real>, c: GatedCache, dHh: Readonly<Real>, dims: GatedDims, arena: Arena<Real>,
  batch: number, length: number, G: number): void {
  const { inputs: I, hidden: H } = dims
  const rows = batch * length
  if (length > 1) {
    arena.gemm(dp.wHh, dHh.subarray(batch * G, rows * G), c.h.subarray(batch * H, rows * H), G, H, rows - batch, true, false)
  }
  arena.gemm(dp.wIh, c.dPre.subarray(0, rows * G), c.x.subarray(0, rows * I), G, I, rows, true, false)
  arena.columnSums(dp.bIh, c.dPre, rows)
  arena.columnSums(dp.bHh, dHh, rows)
}

/** y_t = W_out h_{t+1} + b_out for every step (a last-step target reads only the last). */
export function readoutForward(c: GatedCache, p: GatedParams<Real>, dims: GatedDims, arena: Arena<Real>, batch: number, length: number): void {
  const { hidden: H, outputs: O } = dims
  const rows = batch * length
  const y = c.y.subarray(0, rows * O)
  fillRows(y, p.bOut, rows)
  arena.gemm(y, c.h.subarray(batch * H, (rows + batch) * H), p.wOut, rows, O, H, false, true)
}

/** From c.dy: writes c.dh = dy W_out (overwrites) and accumulates the readout's gradients into dp. */
export function readoutBackward(dp: GatedParams<Real>, c: GatedCache, p: GatedParams<Real>, dims: GatedDims, arena: Arena<Real>, batch: number, length: number): void {
  const { hidden: H, outputs: O } = dims
  const rows = batch * length
  const dy = c.dy.subarray(0, rows * O)
  const dh = c.dh.subarray(0, rows * H)
  dh.fill(0)
  arena.gemm(dh, dy, p.wOut, rows, H, O)
  arena.gemm(dp.wOut, dy, c.h.subarray(batch * H, (rows + batch) * H), O, H, rows, true, false)
  // the readout's few columns in plain loops, not the arena's kernel (which sums in another order natively)
  columnSums(dp.bOut, dy, rows)
}
