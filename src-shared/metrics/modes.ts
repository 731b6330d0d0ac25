/**
 * Connectivity modes of a linear RNN (PROCA): with A = V Λ V⁻¹, mode i has recurrent mode b_i = λ_i, input mode
 * a_i = (V⁻¹B)_i and output mode c_i = (CV)_i, so h_j = C A^j B = Σ_i c_i λ_i^j a_i. Plus a tracker over training.
 */
import { LuDecomposition, Matrix } from 'ml-matrix'
import type { Series } from '../api/results'
import { eigen, solveLinear, toRows } from '../engine/linalg'

interface ModeDims {
  width: number
  inputs: number
  outputs: number
}

/**
 * One mode. b = λ (complex); ac = c a, invariant to how V is scaled. Single input and output: ac is the complex
 * number c a. Several inputs or outputs: c a is an n_y × n_x rank-one matrix and ac is its Frobenius norm (acIm = 0).
 * A conjugate pair gives two modes with conjugate b and ac; their sum is real.
 */
export interface ConnectivityMode {
  bRe: number
  bIm: number
  acRe: number
  acIm: number
}

/**
 * The modes of (A, B, C), sorted by Re b then Im b, largest first. A is (d, d) row-major, or its d diagonal entries;
 * B is (d, n_x), C is (n_y, d). A defective A (no eigenbasis) gives least-squares input modes.
 */
export function connectivityModes(
  A: Readonly<Float64Array>,
  B: Readonly<Float64Array>,
  C: Readonly<Float64Array>,
  dims: ModeDims,
): ConnectivityMode[] {
  const { width: d, inputs: nx, outputs: ny } = dims
  if (A.length !== d * d && A.length !== d) throw new Error(`A: expected ${d * d} (or ${d} diagonal) entries, got ${A.length}`)
  if (B.length !== d * nx) throw new Error(`B: expected ${d}×${nx} entries, got ${B.length}`)
  if (C.length !== ny * d) throw new Error(`C: expected ${ny}×${d} entries, got ${C.length}`)
  if (A.length === d) return diagonalModes(A, B, C, dims)
  const { re, im, vectors: V } = eigen(A, d)
  const Z = inputModes(V, B, d, nx) // (d, n_x): V⁻¹ B in the real block basis
  const CV = new Float64Array(ny * d) // (n_y, d)
  for (let o = 0; o < ny; o++) {
    for (let j = 0; j < d; j++) {
      let acc = 0
      for (let k = 0; k < d; k++) acc += C[o * d + k] * V[k * d + j]
      CV[o * d + j] = acc
    }
  }
  const modes: ConnectivityMode[] = []
  const outer = new Float64Array(2 * ny * nx) // interleaved (re, im) of c a, (n_y, n_x)
  for (let j = 0; j < d; j++) {
    const pair = im[j] !== 0 && j + 1 < d && im[j + 1] === -im[j]
    for (let o = 0; o < ny; o++) {
      for (let x = 0; x < nx; x++) {
        if (!pair) {
          outer[2 * (o * nx + x)] = CV[o * d + j] * Z[j * nx + x]
          outer[2 * (o * nx + x) + 1] = 0
          continue
        }
        // Columns j, j+1 hold Re v, Im v of the eigenvector v for λ = re_j + i im_j (ml-matrix's real block form),
        // so x Z_j + y Z_{j+1} = v α + conj(v α) with α = (Z_j − i Z_{j+1}) / 2 and c = C v.
        const cRe = CV[o * d + j]
        const cIm = CV[o * d + j + 1]
        const aRe = Z[j * nx + x] / 2
        const aIm = -Z[(j + 1) * nx + x] / 2
        outer[2 * (o * nx + x)] = cRe * aRe - cIm * aIm
        outer[2 * (o * nx + x) + 1] = cRe * aIm + cIm * aRe
      }
    }
    const single = nx === 1 && ny === 1
    const norm = single ? 0 : Math.hypot(...outer)
    const acRe = single ? outer[0] : norm
    const acIm = single ? outer[1] : 0
    modes.push({ bRe: re[j], bIm: im[j], acRe, acIm })
    if (pair) {
      modes.push({ bRe: re[j + 1], bIm: im[j + 1], acRe, acIm: -acIm })
      j++
    }
  }
  return modes.sort((p, q) => q.bRe - p.bRe || q.bIm - p.bIm)
}

/**
 * A diagonal A is its own eigenbasis: mode i is b = A_ii with a = B_i (row i) and c = C_{:,i}, so no decomposition is
 * needed (this runs at every checkpoint of every diagonal run). MIMO ac is the norm of the rank-one c a, as above.
 */
function diagonalModes(A: Readonly<Float64Array>, B: Readonly<Float64Array>, C: Readonly<Float64Array>, dims: ModeDims): ConnectivityMode[] {
  const { width: d, inputs: nx, outputs: ny } = dims
  const modes: ConnectivityMode[] = []
  for (let i = 0; i < d; i++) {
    let ac: number
    if (nx === 1 && ny === 1) ac = C[i] * B[i]
    else {
      let cNorm = 0
      let aNorm = 0
      for (let o = 0; o < ny; o++) cNorm += C[o * d + i] ** 2
      for (let x = 0; x < nx; x++) aNorm += B[i * nx + x] ** 2
      ac = Math.sqrt(cNorm * aNorm)
    }
    modes.push({ bRe: A[i], bIm: 0, acRe: ac, acIm: 0 })
  }
  return modes.sort((p, q) => q.bRe - p.bRe || q.bIm - p.bIm)
}

/** V⁻¹ B by LU (fast); least squares through the SVD when V is singular (a defective A). */
function inputModes(V: Readonly<Float64Array>, B: Readonly<Float64Array>, d: number, nx: number): Float64Array {
  const lu = new LuDecomposition(new Matrix(toRows(V, d, d)))
  if (lu.isSingular()) return solveLinear(V, B, d, nx)
  const x = lu.solve(new Matrix(toRows(B, d, nx)))
  const out = new Float64Array(d * nx)
  for (let i = 0; i < d; i++) for (let j = 0; j < nx; j++) out[i * nx + j] = x.get(i, j)
  if (out.every(Number.isFinite)) return out
  return solveLinear(V, B, d, nx)
}

/**
 * Steps between mode checkpoints for a run of `maxSteps`: at most `cap` checkpoints and at most `maxPoints` points
 * per series (width points per checkpoint). Each checkpoint costs an O(d³) eigen-decomposition (measured ~5 ms at
 * d = 40, ~0.36 s at d = 200), so wider students get fewer: at d = 200 (AISTATS22 Fig. 5) only init and end.
 */
export function modeCheckpointEvery(maxSteps: number, width: number, maxPoints = 2000, cap = 20): number {
  const affordable = Math.floor(cap * (64 / width) ** 3)
  const checkpoints = Math.max(2, Math.min(cap, Math.floor(maxPoints / width), affordable))
  return Math.max(1, Math.ceil(maxSteps / (checkpoints - 1)))
}

/**
 * Records the modes at training checkpoints. Series (one point per mode per kept checkpoint, checkpoint-major, so
 * point k·d + i is mode i at the k-th kept checkpoint and x holds that checkpoint's step): modes_b (Re b), modes_b_im,
 * modes_ac (Re ac), modes_ac_im. At most `maxPoints` points per series: checkpoints are thinned evenly, last kept.
 */
export class ModeTracker {
  private readonly checkpoints: Array<{ step: number; modes: ConnectivityMode[] }> = []

  constructor(
    private readonly dims: ModeDims,
    private readonly maxPoints = 2000,
  ) {}

  /** Step of the last recorded checkpoint, or null before the first. */
  get lastStep(): number | null {
    return this.checkpoints.length ? this.checkpoints[this.checkpoints.length - 1].step : null
  }

  /** Record the modes at `step`; a diverged model (non-finite weights) has no eigen-decomposition and is skipped. */
  record(step: number, A: Readonly<Float64Array>, B: Readonly<Float64Array>, C: Readonly<Float64Array>): void {
    if (![A, B, C].every((m) => m.every(Number.isFinite))) return
    this.checkpoints.push({ step, modes: connectivityModes(A, B, C, this.dims) })
  }

  series(): Record<string, Series> {
    const d = this.dims.width
    const n = this.checkpoints.length
    const keep = Math.max(1, Math.min(n, Math.floor(this.maxPoints / d)))
    const x: number[] = []
    const columns = { bRe: [] as number[], bIm: [] as number[], acRe: [] as number[], acIm: [] as number[] }
    for (let k = 0; k < keep && n > 0; k++) {
      const { step, modes } = this.checkpoints[keep === 1 ? n - 1 : Math.round((k * (n - 1)) / (keep - 1))]
      for (const mode of modes) {
        x.push(step)
        columns.bRe.push(mode.bRe)
        columns.bIm.push(mode.bIm)
        columns.acRe.push(mode.acRe)
        columns.acIm.push(mode.acIm)
      }
    }
    const label = (what: string) => `${what} of ${d} modes per checkpoint (point k·${d} + i = mode i at checkpoint k)`
    return {
      modes_b: { x, y: columns.bRe, label: label('Re b') },
      modes_b_im: { x: [...x], y: columns.bIm, label: label('Im b') },
      modes_ac: { x: [...x], y: columns.acRe, label: label('Re a·c') },
      modes_ac_im: { x: [...x], y: columns.acIm, label: label('Im a·c') },
    }
  }
}
