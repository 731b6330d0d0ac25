/** Balancedness and symmetry of (A, B, C) (ICLR23 Prop. 9, AISTATS22 Fig. 4): Frobenius norms of B ∓ Cᵀ, A − Aᵀ, A, B, C. */

export interface Balance {
  b_minus_ct: number
  b_plus_ct: number
  /** ||B − Cᵀ|| / ||B + Cᵀ||; null when B and Cᵀ have different shapes. */
  balance_ratio: number | null
  a_asym: number
  a_norm: number
  b_norm: number
  c_norm: number
}

/** A (d, d) — or its diagonal (d) when `diagonalA` — B (d, n_x), C (n_y, d) row-major, read in place (no copies). */
export function balance(
  A: Readonly<Float64Array>,
  B: Readonly<Float64Array>,
  C: Readonly<Float64Array>,
  d: number,
  inputs: number,
  outputs: number,
  diagonalA = false,
): Balance {
  let a = 0
  let asym = 0
  if (diagonalA) for (let i = 0; i < d; i++) a += A[i] ** 2
  else for (let i = 0; i < d; i++) {
    for (let j = 0; j < d; j++) {
      a += A[i * d + j] ** 2
      asym += (A[i * d + j] - A[j * d + i]) ** 2
    }
  }
  let b = 0
  for (let i = 0; i < B.length; i++) b += B[i] ** 2
  let c = 0
  for (let i = 0; i < C.length; i++) c += C[i] ** 2
  let minus = 0
  let plus = 0
  const square = inputs === outputs
  if (square) {
    for (let s = 0; s < d; s++) {
      for (let i = 0; i < inputs; i++) {
        minus += (B[s * inputs + i] - C[i * d + s]) ** 2
        plus += (B[s * inputs + i] + C[i * d + s]) ** 2
      }
    }
  }
  return {
    b_minus_ct: Math.sqrt(minus),
    b_plus_ct: Math.sqrt(plus),
    balance_ratio: square && plus > 0 ? Math.sqrt(minus / plus) : null,
    a_asym: Math.sqrt(asym),
    a_norm: Math.sqrt(a),
    b_norm: Math.sqrt(b),
    c_norm: Math.sqrt(c),
  }
}
