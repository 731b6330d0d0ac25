/**
 * GRU cell through time with PyTorch's equations and gate order (torch.nn.GRU):
 *   r = σ(W_ir x + b_ir + W_hr h + b_hr),  z = σ(W_iz x + b_iz + W_hz h + b_hz),
 *   n = tanh(W_in x + b_in + r ⊙ (W_hn h + b_hn)),  h' = (1 − z) ⊙ n + z ⊙ h,
 * forward over a time-major batch in the cache and hand-written backpropagation through time. The readout and
 * the buffers are in gated.ts. Matrix products and the gate arithmetic of each step are kernel operations (engine/backend/).
 */
import { fillRows, gatedWeightGradients, type GatedCache, type GatedDims, type GatedParams } from './gated'
import type { Arena, Real } from './backend'

/** Reads c.x (T, B, I); writes c.pre (W_ih x + b_ih), c.hh (W_hh h + b_hh), c.gates (r, z, n) and c.h. */
export function gruForward(c: GatedCache, p: GatedParams<Real>, dims: GatedDims, arena: Arena<Real>, batch: number, length: number): void {
  const { inputs: I, hidden: H } = dims
  const G = 3 * H
  const B = batch
  const rows = B * length
  // the input projections of every step in one product
  const gi = c.pre.subarray(0, rows * G)
  fillRows(gi, p.bIh, rows)
  arena.gemm(gi, c.x.subarray(0, rows * I), p.wIh, rows, G, I, false, true)
  c.h.fill(0, 0, B * H)
  for (let t = 0; t < length; t++) {
    const gh = c.hh.subarray(t * B * G, (t + 1) * B * G)
    fillRows(gh, p.bHh, B)
    if (t > 0) arena.gemm(gh, c.h.subarray(t * B * H, (t + 1) * B * H), p.wHh, B, G, H, false, true)
    arena.gruGates(c.pre.subarray(t * B * G, (t + 1) * B * G), gh, c.gates.subarray(t * B * G, (t + 1) * B * G),
      c.h.subarray(t * B * H, (t + 1) * B * H), c.h.subarray((t + 1) * B * H, (t + 2) * B * H), B, H)
  }
}

/**
 * Backward through time. Expects c.dh (T, B, H) to hold dL/dh_{t+1} from the readout and uses it as the running
 * gradient (it is overwritten). Accumulates dW_ih, dW_hh, db_ih, db_hh into dp (+=).
 */
export function gruBackward(dp: GatedParams<Real>, c: GatedCache, p: GatedParams<Real>, dims: GatedDims, arena: Arena<Real>, batch: number, length: number): void {
  const { hidden: H } = dims
  const G = 3 * H
  const B = batch
  const { gates, h, hh, dh, dPre, dHh } = c
  for (let t = length - 1; t >= 0; t--) {
    const rowsH = (from: number) => [from * B * H, (from + 1) * B * H] as const
    const rowsG = [t * B * G, (t + 1) * B * G] as const
    arena.gruGatesBackward(dh.subarray(...rowsH(t)), gates.subarray(...rowsG), h.subarray(...rowsH(t)),
      hh.subarray(...rowsG), dPre.subarray(...rowsG), dHh.subarray(...rowsG), dh.subarray(...rowsH(Math.max(0, t - 1))),
      t > 0, B, H)
    if (t > 0) {
      arena.gemm(dh.subarray((t - 1) * B * H, t * B * H), dHh.subarray(t * B * G, (t + 1) * B * G), p.wHh, B, H, G)
    }
  }
  gatedWeightGradients(dp, c, dHh, dims, arena, batch, length, G)
}
