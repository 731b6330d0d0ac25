/** A real recording as a procedure sees it: a dense table with column roles, read-only. */
import type { DatasetColumn } from '../data/columnRoles'

export interface DatasetTable {
  id: string
  name: string
  columns: DatasetColumn[]
  /** Seconds per bin (from the time column, or given at import). */
  binWidth: number
  rows: number
  /** Row-major values, rows × columns.length. */
  values: Float64Array
}
