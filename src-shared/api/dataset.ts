/** A real recording as a procedure sees it: a dense table with column roles, read-only. */

export type ColumnRole = 'time' | 'neuron' | 'behavior' | 'ignore'

interface DatasetColumn {
  name: string
  role: ColumnRole
}

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
