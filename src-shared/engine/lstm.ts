/**
 * LSTM cell through time with PyTorch's equations and gate order (torch.nn.LSTM, gates i, f, g, o):
 *   a = W_ih x + b_ih + W_hh h + b_hh,  i = σ(a_i), f = σ(a_f), g = tanh(a_g), o = σ(a_o),
 *   c' = f ⊙ c + i ⊙ g,  h' = o ⊙ tanh(c'),
 * forward over a time-major batch in the cache and hand-written backpropagation through time (readout in gated.ts).
 */
import { fillRows, gatedWeightGradients, type GatedCache, type GatedDims, type GatedParams } from './gated'
import type { Arena, Real } from './backend'

/** Reads c.x (T, B, I); writes c.pre (a), c.gates (i, f, g, o), c.cell, c.tanhCell and c.h. */
export function lstmForward(c: GatedCache, p: GatedParams<Real>, dims: GatedDims, arena: Arena<Real>, batch: number, length: number): void {
  const { inputs: I, hidden: H } = dims
  const G = 4 * H
  const B = batch
  const rows = B * length
  const pre = c.pre.subarray(0, rows * G)
  // both biases and the input projections of every step, before the recurrence adds W_hh h
  const bias = c.dPre.subarray(0, G) // free until the backward pass
  for (let j = 0; j < G; j++) bias[j] = p.bIh[j] + p.bHh[j]
  fillRows(pre, bias, rows)
  arena.gemm(pre, c.x.subarray(0, rows * I), p.wIh, rows, G, I, false, true)
  c.h.fill(0, 0, B * H)
  c.cell.fill(0, 0, B * H)
  const { gates, h, cell, tanhCell } = c
  for (let t = 0; t < length; t++) {
    if (t > 0) arena.gemm(pre.subarray(t * B * G, (t + 1) * B * G), h.subarray(t * B * H, (t + 1) * B * H), p.wHh, B, G, H, false, true)
    const rowsH = (from: number) => [from * B * H, (from + 1) * B * H] as const
    arena.lstmGates(pre.subarray(t * B * G, (t + 1) * B * G), gates.subarray(t * B * G, (t + 1) * B * G),
      cell.subarray(...rowsH(t)), cell.subarray(...rowsH(t + 1)), tanhCell.subarray(...rowsH(t)), h.subarray(...rowsH(t + 1)), B, H)
  }
}

/**
 * Backward through time. Expects c.dh (T, B, H) to hold dL/dh_{t+1} from the readout and uses it as the running
 * gradient (it is overwritten). Accumulates dW_ih, dW_hh, db_ih, db_hh into dp (+=).
 */
export function lstmBackward(dp: GatedParams<Real>, c: GatedCache, p: GatedParams<Real>, dims: GatedDims, arena: Arena<Real>, batch: number, length: number): void {
  const { hidden: H } = dims
  const G = 4 * H
  const B = batch
  const { gates, cell, tanhCell, dh, dPre } = c
  const dCell = c.dCell.subarray(0, B * H)
  dCell.fill(0)
  for (let t = length - 1; t >= 0; t--) {
    const rowsH = [t * B * H, (t + 1) * B * H] as const
    const rowsG = [t * B * G, (t + 1) * B * G] as const
    arena.lstmGatesBackward(dh.subarray(...rowsH), gates.subarray(...rowsG), cell.subarray(...rowsH),
      tanhCell.subarray(...rowsH), dCell, dPre.subarray(...rowsG), B, H)
    if (t > 0) {
      arena.gemm(dh.subarray((t - 1) * B * H, t * B * H), dPre.subarray(t * B * G, (t + 1) * B * G), p.wHh, B, H, G)
    }
  }
  gatedWeightGradients(dp, c, dPre, dims, arena, batch, length, G)
}
