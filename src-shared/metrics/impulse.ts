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

/**
 * A zero solution whose tail error is below this fraction of the teacher's largest |h_j| has a silent tail (the
 * memoryless and delay teachers at k ≥ d̂): "worse than zero" then flags round-off (1e-13 > 0), so an absolute
 * threshold decides instead.
 */
const SILENT_TAIL_FRACTION = 1e-6
/** The absolute threshold for a silent tail, as a fraction of the teacher's largest |h_j| (ICLR23 Fig. 1b's 0.1 for a unit delay). */
const ABSOLUTE_ERROR_FRACTION = 0.1

/** max_{j<H} of the largest absolute entry of h_j: the teacher's scale for the thresholds above. */
export function peakResponse(h: Readonly<Float64Array>, horizon: number, slab: number): number {
  let peak = 0
  for (let e = 0; e < horizon * slab; e++) peak = Math.max(peak, Math.abs(h[e]))
  return peak
}

/** True when the zero solution's tail error is ~0 relative to the teacher's scale (see SILENT_TAIL_FRACTION). */
function silentTail(zeroErr: number, peak: number): boolean {
  return zeroErr <= SILENT_TAIL_FRACTION * peak
}

/**
 * The non_extrapolating flag (ICLR23 App. B.3): 1 when the error exceeds the zero solution's; with a silent tail,
 * 1 when it exceeds ABSOLUTE_ERROR_FRACTION × the teacher's peak.
 */
export function nonExtrapolating(error: number, zeroErr: number, peak: number): 0 | 1 {
  const threshold = silentTail(zeroErr, peak) ? ABSOLUTE_ERROR_FRACTION * peak : zeroErr
  return error > threshold ? 1 : 0
}

/** extrapolation_error / zero_error; null with a silent tail, where the ratio divides by round-off. */
export function errorRatio(error: number, zeroErr: number, peak: number): number | null {
  return silentTail(zeroErr, peak) || zeroErr === 0 ? null : error / zeroErr
}
