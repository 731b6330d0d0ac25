/** The teacher abstraction every student kind trains against: linear systems expose their impulse response. */
import type { ModelSnapshot } from '../api/results'

export interface Teacher {
  /** Input and output widths (n_x, n_y). */
  readonly inputs: number
  readonly outputs: number
  /**
   * Linear teachers: impulse-response matrices h_j = C A^j B for j < horizon, concatenated row-major,
   * (horizon, n_y, n_x). Nonlinear teachers (GRU) return null.
   */
  impulse(horizon: number): Float64Array | null
  /**
   * Outputs at every step for a batch of input sequences. x: (batch, length, n_x) row-major;
   * writes y: (batch, length, n_y).
   */
  respond(y: Float64Array, x: Readonly<Float64Array>, batch: number, length: number): void
  /** Parameters, so the teacher is stored with the run and can be inspected. */
  snapshot(): ModelSnapshot
}
