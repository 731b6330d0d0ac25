/**
 * The reference backend: each kernel operation as plain TypeScript loops, one named function per operation with the
 * signature of its Arena method (types.ts). This is the definition the WASM and native variants are checked against
 * (test/unit/shared/engine/backends.test.ts); it is the slowest, and runs where a test picks it or a buffer is too
 * small or too large for an arena to pay.
 */
import { adamUpdate } from '../optim'
import { type Arena, type ArrayOf, type Backend, DIAGONAL_BATCH_STRIDE, type DiagonalRequest, type DiagonalStepArgs, type Precision,
  type Real } from './types'
import { generalScratchLength, generalSteps, generalUpdate } from './generalReference'

/** c += op(a) · op(b): obvious loops, one per transpose case, each reading its operands along rows. */
export function gemm(c: Real, a: Readonly<Real>, b: Readonly<Real>, m: number, n: number, k: number, transA = false,
  transB = false): void {
  if (k === 1) transB = false // b is one row or one column: the same memory either way
  if (!transA && !transB) {
    for (let i = 0; i < m; i++) {
      for (let p = 0; p < k; p++) {
        const aip = a[i * k + p]
        for (let j = 0; j < n; j++) c[i * n + j] += aip * b[p * n + j]
      }
    }
  } else if (!transA) {
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        let acc = 0
        for (let p = 0; p < k; p++) acc += a[i * k + p] * b[j * k + p]
        c[i * n + j] += acc
      }
    }
  } else if (!transB) {
    for (let p = 0; p < k; p++) {
      for (let i = 0; i < m; i++) {
        const aip = a[p * m + i]
        for (let j = 0; j < n; j++) c[i * n + j] += aip * b[p * n + j]
      }
    }
  } else {
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        let acc = 0
        for (let p = 0; p < k; p++) acc += a[p * m + i] * b[j * k + p]
        c[i * n + j] += acc
      }
    }
  }
}

/**
 * The activations in the form every variant uses: σ(a) = 1 / (2 + expm1(−a)) and tanh(a) = e / (e + 2) with
 * e = expm1(2a), the argument of expm1 clamped to ±700 (e^700 still fits a double). WASM and native evaluate expm1 by
 * a polynomial (scripts/wasm/gates.as.ts, native/gates.cc); here it is Math.expm1.
 */
export function sigmoid(a: number): number {
  return 1 / (2 + Math.expm1(Math.min(Math.max(-a, -700), 700)))
}
export function tanh(a: number): number {
  const e = Math.expm1(Math.min(Math.max(a + a, -700), 700))
  return e / (e + 2)
}

export function gruGates(pre: Readonly<Real>, hh: Readonly<Real>, gates: Real, hPrev: Readonly<Real>, hNext: Real, B: number,
  H: number): void {
  const G = 3 * H
  for (let b = 0; b < B; b++) {
    const g0 = b * G
    const s0 = b * H
    for (let j = 0; j < H; j++) {
      const r = sigmoid(pre[g0 + j] + hh[g0 + j])
      const z = sigmoid(pre[g0 + H + j] + hh[g0 + H + j])
      const n = tanh(r * hh[g0 + 2 * H + j] + pre[g0 + 2 * H + j])
      gates[g0 + j] = r
      gates[g0 + H + j] = z
      gates[g0 + 2 * H + j] = n
      hNext[s0 + j] = z * hPrev[s0 + j] + (1 - z) * n
    }
  }
}

export function gruGatesBackward(dh: Readonly<Real>, gates: Readonly<Real>, hPrev: Readonly<Real>, hh: Readonly<Real>,
  dPre: Real, dHh: Real, dhPrev: Real, carry: boolean, B: number, H: number): void {
  const G = 3 * H
  for (let b = 0; b < B; b++) {
    const g0 = b * G
    const s0 = b * H
    for (let j = 0; j < H; j++) {
      const r = gates[g0 + j]
      const z = gates[g0 + H + j]
      const n = gates[g0 + 2 * H + j]
      const d = dh[s0 + j]
      const dan = d * (1 - z) * (1 - n * n)
      const daz = d * (hPrev[s0 + j] - n) * (z * (1 - z))
      const dar = dan * hh[g0 + 2 * H + j] * (r * (1 - r))
      dPre[g0 + j] = dar
      dPre[g0 + H + j] = daz
      dPre[g0 + 2 * H + j] = dan
      dHh[g0 + j] = dar
      dHh[g0 + H + j] = daz
      dHh[g0 + 2 * H + j] = dan * r
      if (carry) dhPrev[s0 + j] += d * z
    }
  }
}

export function lstmGates(pre: Readonly<Real>, gates: Real, cPrev: Readonly<Real>, cNext: Real, tanhCell: Real, hNext: Real,
  B: number, H: number): void {
  const G = 4 * H
  for (let b = 0; b < B; b++) {
    const g0 = b * G
    const s0 = b * H
    for (let j = 0; j < H; j++) {
      const i = sigmoid(pre[g0 + j])
      const f = sigmoid(pre[g0 + H + j])
      const g = tanh(pre[g0 + 2 * H + j])
      const o = sigmoid(pre[g0 + 3 * H + j])
      const c = f * cPrev[s0 + j] + i * g
      const tc = tanh(c)
      gates[g0 + j] = i
      gates[g0 + H + j] = f
      gates[g0 + 2 * H + j] = g
      gates[g0 + 3 * H + j] = o
      cNext[s0 + j] = c
      tanhCell[s0 + j] = tc
      hNext[s0 + j] = o * tc
    }
  }
}

export function lstmGatesBackward(dh: Readonly<Real>, gates: Readonly<Real>, cPrev: Readonly<Real>, tanhCell: Readonly<Real>,
  dCell: Real, dPre: Real, B: number, H: number): void {
  const G = 4 * H
  for (let b = 0; b < B; b++) {
    const g0 = b * G
    const s0 = b * H
    for (let j = 0; j < H; j++) {
      const i = gates[g0 + j]
      const f = gates[g0 + H + j]
      const g = gates[g0 + 2 * H + j]
      const o = gates[g0 + 3 * H + j]
      const tc = tanhCell[s0 + j]
      const d = dh[s0 + j]
      const dc = d * o * (1 - tc * tc) + dCell[s0 + j]
      dPre[g0 + j] = dc * g * (i * (1 - i))
      dPre[g0 + H + j] = dc * cPrev[s0 + j] * (f * (1 - f))
      dPre[g0 + 2 * H + j] = dc * i * (1 - g * g)
      dPre[g0 + 3 * H + j] = d * tc * (o * (1 - o))
      dCell[s0 + j] = dc * f
    }
  }
}

export function columnSums(out: Real, m: Readonly<Real>, rows: number): void {
  const n = out.length
  for (let r = 0; r < rows; r++) {
    const o = r * n
    for (let j = 0; j < n; j++) out[j] += m[o + j]
  }
}

/** ĥ (K) then G (K); the rest of the WASM kernel's length is unused here (same length: one bound for both). */
export function diagonalScratchLength(d: number, K: number): number {
  return 7 * (Math.ceil(d / 8) * 8) + 4 * K
}

/**
 * Steps of a diagonal SISO student on Σ_j w_j (ĥ_j − t_j)²: ĥ_j = Σ_s c_s b_s a_s^j with the effective a = scale·A,
 * c = scale·(B when tied, else C); the loss into losses[step]; then diagonalUpdate, until `until` or a loss that is
 * not finite or below the threshold.
 */
export function diagonalSteps(x: DiagonalStepArgs, from: number, until: number, lr: number): number {
  let step = from
  for (;;) {
    const value = diagonalForward(x)
    x.losses[step] = value
    if (step >= until || !Number.isFinite(value) || value < x.threshold) break
    diagonalUpdate(x, step, lr)
    step++
  }
  return step
}

/** ĥ into work[0, K), G_j = 2 w_j (ĥ_j − t_j) into work[K, 2K); returns the loss. */
function diagonalForward(x: DiagonalStepArgs): number {
  const { d, K, scale, params, work } = x
  const cOffset = x.balanced ? d : 2 * d
  work.fill(0, 0, K)
  for (let s = 0; s < d; s++) {
    const a = scale * params[s]
    let w = scale * params[cOffset + s] * params[d + s]
    for (let j = 0; j < K; j++) {
      work[j] += w
      w *= a
    }
  }
  let total = 0
  for (let j = 0; j < K; j++) {
    const diff = work[j] - x.labels[j]
    total += x.weights[j] * diff * diff
    work[K + j] = 2 * x.weights[j] * diff
  }
  return total
}

/**
 * The gradient (P(a) = Σ_j G_j a^j: dL/da = c b P'(a), dL/db = c P(a), dL/dc = b P(a), by Horner's rule), its chain
 * rule to the stored parameters (scale on A and C; the tie adds C's path to B), then GD or optim.ts's Adam update.
 */
export function diagonalUpdate(x: DiagonalStepArgs, step: number, lr: number): void {
  const { d, K, scale, params, grad, work } = x
  const cOffset = x.balanced ? d : 2 * d
  for (let s = 0; s < d; s++) {
    const a = scale * params[s]
    const b = params[d + s]
    const c = scale * params[cOffset + s]
    let p = K > 0 ? work[2 * K - 1] : 0
    let dp = 0
    for (let j = K - 2; j >= 0; j--) {
      dp = dp * a + p
      p = p * a + work[K + j]
    }
    const dc = scale * (b * p)
    grad[s] = scale * (c * b * dp)
    grad[d + s] = c * p + (x.balanced ? dc : 0)
    if (!x.balanced) grad[2 * d + s] = dc
  }
  if (x.adam) adamUpdate(params, grad, x.adam.m, x.adam.v, step, lr, x.adam.beta1, x.adam.beta2, x.adam.eps)
  else for (let i = 0; i < params.length; i++) params[i] -= lr * grad[i]
}

/** One call of diagonalSteps or diagonalUpdate per request, in order; the table is only checked (as WASM's is). */
export function diagonalBatch(table: Float64Array, students: readonly DiagonalStepArgs[],
  requests: readonly (DiagonalRequest | null)[], ended: Int32Array): void {
  checkBatch(table, students, requests, ended)
  for (let i = 0; i < students.length; i++) {
    const request = requests[i]
    if (request?.kind === 'run') ended[i] = diagonalSteps(students[i], request.from, request.until, request.lr)
    else if (request?.kind === 'update') diagonalUpdate(students[i], request.step, request.lr)
  }
}

/** The batch call's arguments agree in length (every backend checks them the same way). */
export function checkBatch(table: Float64Array, students: readonly DiagonalStepArgs[],
  requests: readonly (DiagonalRequest | null)[], ended: Int32Array): void {
  const n = students.length
  if (requests.length !== n || ended.length < n) {
    throw new Error(`diagonal batch: ${n} students, ${requests.length} requests and ${ended.length} step slots`)
  }
  if (table.length < n * DIAGONAL_BATCH_STRIDE) {
    throw new Error(`diagonal batch: a table of ${table.length} doubles holds fewer than ${n} students (${DIAGONAL_BATCH_STRIDE} each)`)
  }
}

class ReferenceArena<F extends Real> implements Arena<F> {
  readonly backend = 'reference' as const
  constructor(readonly precision: Precision) {}
  alloc(length: number): F {
    return (this.precision === 'float32' ? new Float32Array(length) : new Float64Array(length)) as F
  }
  gemm = gemm
  gruGates = gruGates
  gruGatesBackward = gruGatesBackward
  lstmGates = lstmGates
  lstmGatesBackward = lstmGatesBackward
  columnSums = columnSums
  diagonalScratchLength = diagonalScratchLength
  diagonalSteps = diagonalSteps
  diagonalUpdate = diagonalUpdate
  diagonalBatch = diagonalBatch
  generalScratchLength = generalScratchLength
  generalSteps = generalSteps
  generalUpdate = generalUpdate
}

/** Plain arrays, no capacity limit: the arena only allocates. */
export const referenceBackend: Backend = {
  name: 'reference',
  arena<P extends Precision = 'float64'>(_capacity: number, precision: P = 'float64' as P): Arena<ArrayOf<P>> {
    return new ReferenceArena<ArrayOf<P>>(precision)
  },
}
