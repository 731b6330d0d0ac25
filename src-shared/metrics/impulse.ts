/**
 * Impulse-response metrics for linear models (docs/experiments.md, Metrics): extrapolation error and the zero
 * solution's error (ICLR23 B.3), MSE per sequence length and extrapolation MSE (AISTATS22 Fig. 1–2, 5).
 * Responses are (H, n_y, n_x) row-major; `slab` = n_y n_x.
 */

/** max_{j∈[k,H)} max_entries |h_j − ĥ_j| (ICLR23 B.3; for MIMO the largest absolute entry). 0 when k ≥ H. */
export function extrapolationError(hTeacher: Readonly<Float64Array>, hStudent: Readonly<Float64Array>, k: number, horizon: number, slab: number): number {
  let worst = 0
  for (let e = k * slab; e < horizon * slab; e++) worst = Math.max(worst, Math.abs(hTeacher[e] - hStudent[e]))
  return worst
}

/**
 * The zero-tail solution's extrapolation error, max_{j∈[k,H)} |h_j| over the TEACHER's response (the error of a model
 * exact for j < k and zero after). A run is non-extrapolating when its error exceeds this.
 */
export function zeroError(hTeacher: Readonly<Float64Array>, k: number, horizon: number, slab: number): number {
  let worst = 0
  for (let e = k * slab; e < horizon * slab; e++) worst = Math.max(worst, Math.abs(hTeacher[e]))
  return worst
}

/**
 * MSE of the output at step L on fresh whitened Gaussian inputs, L = 1..maxLength (index 0 = length 1):
 * E||y_L − ŷ_L||² = Σ_{j<L} ||h_j − ĥ_j||²_F, exact for linear models. Needs responses up to maxLength.
 */
export function mseByLength(hTeacher: Readonly<Float64Array>, hStudent: Readonly<Float64Array>, maxLength: number, slab: number): number[] {
  const out: number[] = []
  let acc = 0
  for (let j = 0; j < maxLength; j++) {
    for (let e = j * slab; e < (j + 1) * slab; e++) acc += (hTeacher[e] - hStudent[e]) ** 2
    out.push(acc)
  }
  return out
}

/** AISTATS22 Fig. 5: mean of the MSE per length over lengths k+1..2k. Needs responses up to 2k. */
export function extrapolationMse(hTeacher: Readonly<Float64Array>, hStudent: Readonly<Float64Array>, k: number, slab: number): number {
  const mse = mseByLength(hTeacher, hStudent, 2 * k, slab)
  let s = 0
  for (let L = k + 1; L <= 2 * k; L++) s += mse[L - 1]
  return s / k
}

/**
 * MSE per length of the zero-tail model (exact for j < k, zero after): Σ_{j=k}^{L−1} ||h_j||²_F, L = 1..maxLength.
 * The yardstick for AISTATS22 Fig. 2 and 5 ("0.13 at length 15" for the d* = 3 teacher, docs/experiments.md).
 */
export function zeroTailMseByLength(hTeacher: Readonly<Float64Array>, k: number, maxLength: number, slab: number): number[] {
  const out: number[] = []
  let acc = 0
  for (let j = 0; j < maxLength; j++) {
    if (j >= k) for (let e = j * slab; e < (j + 1) * slab; e++) acc += hTeacher[e] ** 2
    out.push(acc)
  }
  return out
}

/** Extrapolation MSE (lengths k+1..2k) of the zero-tail model. */
export function zeroTailExtrapolationMse(hTeacher: Readonly<Float64Array>, k: number, slab: number): number {
  const mse = zeroTailMseByLength(hTeacher, k, 2 * k, slab)
  let s = 0
  for (let L = k + 1; L <= 2 * k; L++) s += mse[L - 1]
  return s / k
}
