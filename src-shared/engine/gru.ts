/**
 * GRU cell through time with PyTorch's equations and gate order (torch.nn.GRU):
 *   r = σ(W_ir x + b_ir + W_hr h + b_hr),  z = σ(W_iz x + b_iz + W_hz h + b_hz),
 *   n = tanh(W_in x + b_in + r ⊙ (W_hn h + b_hn)),  h' = (1 − z) ⊙ n + z ⊙ h,
 * forward over a time-major batch in the cache and hand-written backpropagation through time. The readout and
 * the buffers are in gated.ts. Matrix products go through the Gemm backend; the gate arithmetic is here.
 */
import { fillRows, gatedWeightGradients, type GatedCache, type GatedDims, type GatedParams } from './gated'
import type { Gemm, Real } from './gemm'

/** Reads c.x (T, B, I); writes c.pre (W_ih x + b_ih), c.hh (W_hh h + b_hh), c.gates (r, z, n) and c.h. */
export function gruForward(c: GatedCache, p: GatedParams<Real>, dims: GatedDims, gemm: Gemm<Real>, batch: number, length: number): void {
  const { inputs: I, hidden: H } = dims
  const G = 3 * H
  const B = batch
  const rows = B * length
  // the input projections of every step in one product
  const gi = c.pre.subarray(0, rows * G)
  fillRows(gi, p.bIh, rows)
  gemm.gemm(gi, c.x.subarray(0, rows * I), p.wIh, rows, G, I, false, true)
  c.h.fill(0, 0, B * H)
  for (let t = 0; t < length; t++) {
    const gh = c.hh.subarray(t * B * G, (t + 1) * B * G)
    fillRows(gh, p.bHh, B)
    if (t > 0) gemm.gemm(gh, c.h.subarray(t * B * H, (t + 1) * B * H), p.wHh, B, G, H, false, true)
    if (gemm.gates) {
      gemm.gates.gru(c.pre.subarray(t * B * G, (t + 1) * B * G), gh, c.gates.subarray(t * B * G, (t + 1) * B * G),
        c.h.subarray(t * B * H, (t + 1) * B * H), c.h.subarray((t + 1) * B * H, (t + 2) * B * H), B, H)
      continue
    }
    const gates = c.gates
    const h = c.h
    const pre = c.pre
    const hh = c.hh
    for (let b = 0; b < B; b++) {
      const g0 = (t * B + b) * G
      const hPrev = (t * B + b) * H
      const hNext = hPrev + B * H
      for (let j = 0; j < H; j++) {
        const r = 1 / (1 + Math.exp(-(pre[g0 + j] + hh[g0 + j])))
        const z = 1 / (1 + Math.exp(-(pre[g0 + H + j] + hh[g0 + H + j])))
        const n = Math.tanh(pre[g0 + 2 * H + j] + r * hh[g0 + 2 * H + j])
        gates[g0 + j] = r
        gates[g0 + H + j] = z
        gates[g0 + 2 * H + j] = n
        h[hNext + j] = (1 - z) * n + z * h[hPrev + j]
      }
    }
  }
}

/**
 * Backward through time. Expects c.dh (T, B, H) to hold dL/dh_{t+1} from the readout and uses it as the running
 * gradient (it is overwritten). Accumulates dW_ih, dW_hh, db_ih, db_hh into dp (+=).
 */
export function gruBackward(dp: GatedParams<Real>, c: GatedCache, p: GatedParams<Real>, dims: GatedDims, gemm: Gemm<Real>, batch: number, length: number): void {
  const { hidden: H } = dims
  const G = 3 * H
  const B = batch
  const { gates, h, hh, dh, dPre, dHh } = c
  for (let t = length - 1; t >= 0; t--) {
    if (gemm.gates) {
      const rowsH = (from: number) => [from * B * H, (from + 1) * B * H] as const
      const rowsG = [t * B * G, (t + 1) * B * G] as const
      gemm.gates.gruBackward(dh.subarray(...rowsH(t)), gates.subarray(...rowsG), h.subarray(...rowsH(t)),
        hh.subarray(...rowsG), dPre.subarray(...rowsG), dHh.subarray(...rowsG), dh.subarray(...rowsH(Math.max(0, t - 1))),
        t > 0, B, H)
    } else for (let b = 0; b < B; b++) {
      const g0 = (t * B + b) * G
      const hPrev = (t * B + b) * H
      const dhRow = hPrev // dh row t holds dL/dh_{t+1}
      const dhPrevRow = hPrev - B * H
      for (let j = 0; j < H; j++) {
        const r = gates[g0 + j]
        const z = gates[g0 + H + j]
        const n = gates[g0 + 2 * H + j]
        const d = dh[dhRow + j]
        const hp = h[hPrev + j]
        const dan = d * (1 - z) * (1 - n * n)
        const daz = d * (hp - n) * z * (1 - z)
        const dar = dan * hh[g0 + 2 * H + j] * r * (1 - r)
        dPre[g0 + j] = dar
        dPre[g0 + H + j] = daz
        dPre[g0 + 2 * H + j] = dan
        dHh[g0 + j] = dar
        dHh[g0 + H + j] = daz
        dHh[g0 + 2 * H + j] = dan * r
        if (t > 0) dh[dhPrevRow + j] += d * z
      }
    }
    if (t > 0) {
      gemm.gemm(dh.subarray((t - 1) * B * H, t * B * H), dHh.subarray(t * B * G, (t + 1) * B * G), p.wHh, B, H, G)
    }
  }
  gatedWeightGradients(dp, c, dHh, dims, gemm, batch, length, G)
}
