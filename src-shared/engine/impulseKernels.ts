/**
 * The inner loops of the impulse-response forward and backward passes (see linearRnn.ts for the maths and the
 * dispatch). Plain functions over flat arrays with the longest dimension innermost, so V8 keeps them monomorphic.
 */
import type { Arena } from './backend'

/** Sizes of one pass: state d, inputs n_x, outputs n_y, lags K. */
export interface ImpulseShape {
  d: number
  nx: number
  ny: number
  K: number
}

/** The matrices the model applies (A is (d) when diagonal, else (d, d)). */
export interface EffectiveSystem {
  A: Float64Array // (d, d) or (d)
  B: Float64Array // (d, n_x)
  C: Float64Array // (n_y, d)
}

/** What the kernels read of a system: never written. */
type SystemInput = { readonly [M in keyof EffectiveSystem]: Readonly<Float64Array> }

/** Gradients with respect to the effective system, same shapes (the backward kernels overwrite them). */
export interface EffectiveGrads {
  dA: Float64Array
  dB: Float64Array
  dC: Float64Array
}

/** Right-carry buffers: R (K, d, n_x) = A^j B; lam, next (d, n_x) two adjoints. */
export interface RightCarry {
  R: Float64Array
  lam: Float64Array
  next: Float64Array
}

/**
 * Left-carry buffers, every one from `arena`: L (K, n_y, d) = C A^j; M (K, n_y, d) every adjoint M_j;
 * Mt (d, n_y) one transposed adjoint; slabs (K, n_y, n_x) ĥ or G copied in; Bs (d, n_x) B copied in. The system's
 * A must come from the arena too.
 */
export interface LeftCarry {
  L: Float64Array
  M: Float64Array
  Mt: Float64Array
  slabs: Float64Array
  Bs: Float64Array
  arena: Arena
  /**
   * The factor the carry applies to sys.A: 1 when sys.A is the effective matrix, 1/√d when it is a width-scaled
   * model's own parameter read in place (L_{j+1} = (L_j A)/√d: no scaled copy of A per step).
   */
  aScale: number
}

/** The A update leftCarryBackward can apply in place of forming dA: target += factor · dA (plain gradient descent). */
export interface LeftCarryDescent {
  target: Float64Array
  factor: number
}

/**
 * Diagonal A (d), one input and one output: ĥ_j = Σ_s c_s b_s a_s^j. Two modes per pass, so two independent
 * multiply chains overlap (a single chain a_s^j waits on each multiply's latency; ~2× faster on the fig1a shapes).
 */
export function diagonalSisoForward(h: Float64Array, sys: SystemInput, shape: Readonly<ImpulseShape>): void {
  const { A: a, B: b, C: c } = sys
  const { d, K } = shape
  for (let j = 0; j < K; j++) h[j] = 0
  let s = 0
  for (; s + 1 < d; s += 2) {
    const a0 = a[s]
    const a1 = a[s + 1]
    let w0 = c[s] * b[s]
    let w1 = c[s + 1] * b[s + 1]
    for (let j = 0; j < K; j++) {
      h[j] += w0 + w1
      w0 *= a0
      w1 *= a1
    }
  }
  if (s < d) {
    const a0 = a[s]
    let w0 = c[s] * b[s]
    for (let j = 0; j < K; j++) {
      h[j] += w0
      w0 *= a0
    }
  }
}

/**
 * dL/da_s = c_s b_s Σ_j j a_s^{j−1} G_j, dL/db_s = c_s Σ_j a_s^j G_j, dL/dc_s = b_s Σ_j a_s^j G_j (overwrites).
 * Two modes per pass as in the forward pass.
 */
export function diagonalSisoBackward(grads: EffectiveGrads, G: Readonly<Float64Array>, sys: SystemInput, shape: Readonly<ImpulseShape>): void {
  const { dA: da, dB: db, dC: dc } = grads
  const { A: a, B: b, C: c } = sys
  const { d, K } = shape
  const g0 = K > 0 ? G[0] : 0
  let s = 0
  for (; s + 1 < d; s += 2) {
    const a0 = a[s]
    const a1 = a[s + 1]
    // p holds a^{j−1} when lag j's derivative term is added, then advances to a^j.
    let p0 = 1
    let p1 = 1
    let sum0 = g0
    let sum1 = g0
    let ds0 = 0
    let ds1 = 0
    for (let j = 1; j < K; j++) {
      const g = G[j]
      const gj = j * g
      ds0 += gj * p0
      ds1 += gj * p1
      p0 *= a0
      p1 *= a1
      sum0 += g * p0
      sum1 += g * p1
    }
    da[s] = c[s] * b[s] * ds0
    db[s] = c[s] * sum0
    dc[s] = b[s] * sum0
    da[s + 1] = c[s + 1] * b[s + 1] * ds1
    db[s + 1] = c[s + 1] * sum1
    dc[s + 1] = b[s + 1] * sum1
  }
  if (s < d) {
    const a0 = a[s]
    let p0 = 1
    let sum0 = g0
    let ds0 = 0
    for (let j = 1; j < K; j++) {
      const g = G[j]
      ds0 += j * g * p0
      p0 *= a0
      sum0 += g * p0
    }
    da[s] = c[s] * b[s] * ds0
    db[s] = c[s] * sum0
    dc[s] = b[s] * sum0
  }
}

/** Diagonal A, MIMO: ĥ_j[o,i] = Σ_s C[o,s] a_s^j B[s,i]. */
export function diagonalForward(h: Float64Array, sys: SystemInput, shape: Readonly<ImpulseShape>): void {
  const { A: a, B, C } = sys
  const { d, nx, ny, K } = shape
  const slab = ny * nx
  h.fill(0, 0, K * slab)
  for (let s = 0; s < d; s++) {
    const as = a[s]
    let pw = 1
    for (let j = 0; j < K; j++) {
      for (let o = 0; o < ny; o++) {
        const cp = C[o * d + s] * pw
        const ho = j * slab + o * nx
        for (let i = 0; i < nx; i++) h[ho + i] += cp * B[s * nx + i]
      }
      pw *= as
    }
  }
}

/** Per mode s, w_j = Σ_{o,i} G_j[o,i] C[o,s] B[s,i] gives da_s = Σ_j j a_s^{j−1} w_j (overwrites da, dB, dC). */
export function diagonalBackward(grads: EffectiveGrads, G: Readonly<Float64Array>, sys: SystemInput, shape: Readonly<ImpulseShape>): void {
  const { dA: da, dB, dC } = grads
  const { A: a, B, C } = sys
  const { d, nx, ny, K } = shape
  const slab = ny * nx
  dB.fill(0)
  dC.fill(0)
  for (let s = 0; s < d; s++) {
    const as = a[s]
    let pw = 1
    let pwPrev = 0
    let dsum = 0
    for (let j = 0; j < K; j++) {
      for (let o = 0; o < ny; o++) {
        const go = j * slab + o * nx
        const c = C[o * d + s]
        let gb = 0
        for (let i = 0; i < nx; i++) {
          const g = G[go + i]
          gb += g * B[s * nx + i]
          dB[s * nx + i] += g * c * pw
        }
        dC[o * d + s] += gb * pw
        dsum += j * pwPrev * gb * c
      }
      pwPrev = pw
      pw *= as
    }
    da[s] = dsum
  }
}

/**
 * Right carry R_j = A^j B (K, d, n_x), ĥ_j = C R_j. Row r of A is read once per lag for all n_x columns (a 1000×1000
 * A does not fit in cache, so passes over it, not multiplications, set the cost).
 */
export function rightCarryForward(h: Float64Array, carry: RightCarry, sys: SystemInput, shape: Readonly<ImpulseShape>): void {
  const { R } = carry
  const { A, B, C } = sys
  const { d, nx, ny, K } = shape
  const cs = d * nx
  for (let e = 0; e < cs; e++) R[e] = B[e]
  for (let j = 1; j < K; j++) {
    const po = (j - 1) * cs
    const ro = j * cs
    if (nx === 1) {
      for (let r = 0; r < d; r++) {
        let acc = 0
        for (let s = 0; s < d; s++) acc += A[r * d + s] * R[po + s]
        R[ro + r] = acc
      }
      continue
    }
    R.fill(0, ro, ro + cs)
    for (let r = 0; r < d; r++) {
      for (let s = 0; s < d; s++) {
        const a = A[r * d + s]
        for (let i = 0; i < nx; i++) R[ro + r * nx + i] += a * R[po + s * nx + i]
      }
    }
  }
  const slab = ny * nx
  for (let j = 0; j < K; j++) {
    const ro = j * cs
    for (let o = 0; o < ny; o++) {
      for (let i = 0; i < nx; i++) {
        let acc = 0
        for (let s = 0; s < d; s++) acc += C[o * d + s] * R[ro + s * nx + i]
        h[j * slab + o * nx + i] = acc
      }
    }
  }
}

/**
 * Adjoint Λ_j = Cᵀ G_j + Aᵀ Λ_{j+1} (d, n_x); dA = Σ_{j≥1} Λ_j R_{j−1}ᵀ, dB = Λ_0, dC = Σ_j G_j R_jᵀ (overwrites).
 * Λ_j feeds both dA and Λ_{j−1}, so one pass over the rows of A and dA does both. lam and next are (d, n_x) scratch.
 */
export function rightCarryBackward(grads: EffectiveGrads, G: Readonly<Float64Array>, carry: RightCarry, sys: SystemInput, shape: Readonly<ImpulseShape>): void {
  const { dA, dB, dC } = grads
  const { R, lam, next } = carry
  const { A, C } = sys
  const { d, nx, ny, K } = shape
  const cs = d * nx
  const slab = ny * nx
  dA.fill(0)
  dC.fill(0)
  setCtG(lam, C, G, (K - 1) * slab, d, nx, ny)
  for (let j = K - 1; j >= 0; j--) {
    const ro = j * cs
    for (let o = 0; o < ny; o++) {
      for (let i = 0; i < nx; i++) {
        const g = G[j * slab + o * nx + i]
        for (let s = 0; s < d; s++) dC[o * d + s] += g * R[ro + s * nx + i]
      }
    }
    if (j === 0) break
    // next = Cᵀ G_{j−1} + Aᵀ Λ_j and dA += Λ_j R_{j−1}ᵀ, row r of A and dA at a time.
    setCtG(next, C, G, (j - 1) * slab, d, nx, ny)
    const po = (j - 1) * cs
    if (nx === 1) {
      for (let r = 0; r < d; r++) {
        const l = lam[r]
        const row = r * d
        for (let s = 0; s < d; s++) {
          next[s] += A[row + s] * l
          dA[row + s] += l * R[po + s]
        }
      }
    } else {
      for (let r = 0; r < d; r++) {
        const row = r * d
        for (let s = 0; s < d; s++) {
          const a = A[row + s]
          let acc = 0
          for (let i = 0; i < nx; i++) {
            const l = lam[r * nx + i]
            next[s * nx + i] += a * l
            acc += l * R[po + s * nx + i]
          }
          dA[row + s] += acc
        }
      }
    }
    for (let e = 0; e < cs; e++) lam[e] = next[e]
  }
  for (let e = 0; e < cs; e++) dB[e] = lam[e]
}

/** out (d, n_x) = Cᵀ G_j (overwrite) for the slab of G at offset go. */
function setCtG(out: Float64Array, C: Readonly<Float64Array>, G: Readonly<Float64Array>, go: number, d: number, nx: number, ny: number): void {
  out.fill(0, 0, d * nx)
  for (let o = 0; o < ny; o++) {
    for (let s = 0; s < d; s++) {
      const c = C[o * d + s]
      for (let i = 0; i < nx; i++) out[s * nx + i] += c * G[go + o * nx + i]
    }
  }
}

/**
 * Left carry L_j = C A^j (K, n_y, d), ĥ_j = L_j B. L_{j+1} = L_j A by the arena's product in place: axpys over the rows
 * of A, all n_y rows of L_j per row of A (at d = 1000 A is 8 MB: sweeps over it, not multiplications, set the cost,
 * so one sweep per lag, not n_y). Then all K lags at once: ĥ = [L_0; …; L_{K−1}] B. The buffers and A come from the arena
 * (see LeftCarry); B and h need not.
 */
export function leftCarryForward(h: Float64Array, carry: LeftCarry, sys: SystemInput, shape: Readonly<ImpulseShape>): void {
  const { L, slabs: hs, Bs, arena } = carry
  const { A, B, C } = sys
  const { d, nx, ny, K } = shape
  const cs = ny * d
  for (let e = 0; e < cs; e++) L[e] = C[e]
  for (let j = 1; j < K; j++) {
    L.fill(0, j * cs, (j + 1) * cs)
    arena.gemm(L.subarray(j * cs, (j + 1) * cs), L.subarray((j - 1) * cs, j * cs), A, ny, d, d)
    if (carry.aScale !== 1) for (let e = j * cs; e < (j + 1) * cs; e++) L[e] *= carry.aScale
  }
  const len = K * ny * nx
  Bs.set(B)
  hs.fill(0, 0, len)
  arena.gemm(hs, L, Bs, K * ny, nx, d)
  for (let e = 0; e < len; e++) h[e] = hs[e]
}

/**
 * Adjoint M_j = G_j Bᵀ + M_{j+1} Aᵀ (K, n_y, d); dA = Σ_{j≥1} L_{j−1}ᵀ M_j, dC = M_0, dB = Σ_j L_jᵀ G_j (overwrites).
 * All G_j Bᵀ come from one product; then each M_{j−1} adds one sweep over A (n_y dot products per row of A, into
 * Mt (d, n_y)). dA is formed once as Uᵀ V with U = [L_0; …; L_{K−2}] and V = [M_1; …; M_{K−1}] ((K − 1) n_y × d):
 * one pass over dA instead of K − 1 rank-n_y updates that each stream all of it. dA and dB must come from
 * the arena too; G, B and dC need not (G and B are copied into slabs and Bs). With `descent`, dA is not
 * formed: factor · Uᵀ V is added to descent.target (an arena array) instead, and dA is left as it was.
 */
export function leftCarryBackward(grads: EffectiveGrads, G: Readonly<Float64Array>, carry: LeftCarry, sys: SystemInput,
  shape: Readonly<ImpulseShape>, descent?: LeftCarryDescent): void {
  const { dA, dB, dC } = grads
  const { L, M, Mt, slabs: Gs, Bs, arena } = carry
  const { A, B } = sys
  const { d, nx, ny, K } = shape
  const cs = ny * d
  const len = K * ny * nx
  for (let e = 0; e < len; e++) Gs[e] = G[e]
  Bs.set(B)
  M.fill(0, 0, K * cs)
  arena.gemm(M, Gs, Bs, K * ny, d, nx, false, true)
  for (let j = K - 1; j >= 1; j--) {
    Mt.fill(0, 0, cs)
    arena.gemm(Mt, A, M.subarray(j * cs, (j + 1) * cs), d, ny, d, false, true)
    const mo = (j - 1) * cs
    const k = carry.aScale
    for (let o = 0; o < ny; o++) for (let r = 0; r < d; r++) M[mo + o * d + r] += k * Mt[r * ny + o]
  }
  for (let e = 0; e < cs; e++) dC[e] = M[e]
  dB.fill(0)
  arena.gemm(dB, L, Gs, d, nx, K * ny, true, false)
  if (K <= 1) {
    if (!descent) dA.fill(0)
    return
  }
  const V = M.subarray(cs, K * cs)
  if (descent) {
    // target += factor · Uᵀ V straight into the parameters: no dA to zero, fill, read back and add
    for (let e = 0; e < V.length; e++) V[e] *= descent.factor
    arena.gemm(descent.target, L, V, d, d, (K - 1) * ny, true, false)
    return
  }
  dA.fill(0)
  arena.gemm(dA, L, V, d, d, (K - 1) * ny, true, false)
}
