/**
 * Coefficient of determination per output column, R² = 1 − SS_res / SS_tot (EMAMI21 Table 1 reports it per axis).
 * A column whose targets are constant has SS_tot = 0: its R² is undefined and reported as null, never divided by.
 */

/**
 * pred and target are (rows, cols) row-major. Returns R² keyed by `names[c]` (null for a constant target column
 * or no rows). Constancy is judged relative to the column's magnitude, so a constant 3.7 rounding to a tiny
 * non-zero spread still counts as constant.
 */
export function r2PerColumn(pred: Readonly<Float64Array>, target: Readonly<Float64Array>, rows: number, names: readonly string[]): Record<string, number | null> {
  const cols = names.length
  const out: Record<string, number | null> = {}
  for (let c = 0; c < cols; c++) {
    let mean = 0
    let sumSq = 0
    for (let r = 0; r < rows; r++) {
      const y = target[r * cols + c]
      mean += y
      sumSq += y * y
    }
    mean = rows > 0 ? mean / rows : 0
    let ssTot = 0
    let ssRes = 0
    for (let r = 0; r < rows; r++) {
      const y = target[r * cols + c]
      ssTot += (y - mean) ** 2
      ssRes += (y - pred[r * cols + c]) ** 2
    }
    const constant = rows === 0 || !(ssTot > 1e-12 * sumSq) || ssTot === 0
    out[names[c]] = constant ? null : 1 - ssRes / ssTot
  }
  return out
}
