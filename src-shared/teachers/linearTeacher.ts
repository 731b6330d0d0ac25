/** A linear teacher given by dense (A, B, C): impulse response C A^j B and outputs by the state recurrence. */
import type { ModelSnapshot } from '../api/results'
import { fromRows } from '../engine/linalg'
import type { Teacher } from './teacher'

export interface DenseLinear {
  dim: number
  inputs: number
  outputs: number
  A: Float64Array // (d, d)
  B: Float64Array // (d, n_x)
  C: Float64Array // (n_y, d)
}

/**
 * h_j = C A^j B for j < horizon, (horizon, n_y, n_x) row-major. Carries A^j B (d, n_x) or C A^j (n_y, d), whichever
 * is narrower: O(H d² min(n_x, n_y)) (an n = 1000, 52-input EMAMI21 student would cost 50× more the other way).
 */
export function denseImpulse(sys: Readonly<DenseLinear>, horizon: number): Float64Array {
  const { dim: d, inputs: nx, outputs: ny, A, B, C } = sys
  const h = new Float64Array(horizon * ny * nx)
  const right = nx <= ny
  const w = right ? nx : ny
  let carry = Float64Array.from(right ? B : C) // (d, n_x) or (n_y, d)
  let next = new Float64Array(d * w)
  const diagonal = isDiagonal(A, d)
  for (let j = 0; j < horizon; j++) {
    for (let o = 0; o < ny; o++) {
      for (let i = 0; i < nx; i++) {
        let acc = 0
        if (right) for (let s = 0; s < d; s++) acc += C[o * d + s] * carry[s * nx + i]
        else for (let s = 0; s < d; s++) acc += carry[o * d + s] * B[s * nx + i]
        h[(j * ny + o) * nx + i] = acc
      }
    }
    if (j + 1 === horizon) break
    next.fill(0)
    if (diagonal) {
      // the loop below with only s = r left: the same one product added to a zero, so the same bits, in O(d w)
      for (let r = 0; r < d; r++) {
        const a = A[r * d + r]
        if (a === 0) continue
        if (right) for (let i = 0; i < nx; i++) next[r * nx + i] += a * carry[r * nx + i]
        else for (let o = 0; o < ny; o++) next[o * d + r] += carry[o * d + r] * a
      }
    } else {
      for (let r = 0; r < d; r++) {
        for (let s = 0; s < d; s++) {
          const a = A[r * d + s]
          if (a === 0) continue
          if (right) for (let i = 0; i < nx; i++) next[r * nx + i] += a * carry[s * nx + i]
          else for (let o = 0; o < ny; o++) next[o * d + s] += carry[o * d + r] * a
        }
      }
    }
    const t = carry
    carry = next
    next = t
  }
  return h
}

/** Whether every off-diagonal entry of the d × d matrix is zero (diagonal students and ICLR23 teachers). */
function isDiagonal(A: Readonly<Float64Array>, d: number): boolean {
  for (let r = 0; r < d; r++) for (let s = 0; s < d; s++) if (r !== s && A[r * d + s] !== 0) return false
  return true
}

export class LinearTeacher implements Teacher {
  readonly inputs: number
  readonly outputs: number
  private readonly state: Float64Array
  private readonly stateNext: Float64Array

  /** `kind` names the teacher in its snapshot. */
  constructor(readonly system: DenseLinear, private readonly kind: string) {
    this.inputs = system.inputs
    this.outputs = system.outputs
    this.state = new Float64Array(system.dim)
    this.stateNext = new Float64Array(system.dim)
  }

  impulse(horizon: number): Float64Array {
    return denseImpulse(this.system, horizon)
  }

  /** s_t = A s_{t−1} + B x_t, y_t = C s_t from s_0 = 0, for each sequence. */
  respond(y: Float64Array, x: Readonly<Float64Array>, batch: number, length: number): void {
    const { dim: d, inputs: nx, outputs: ny, A, B, C } = this.system
    for (let n = 0; n < batch; n++) {
      let s = this.state.fill(0)
      let next = this.stateNext
      for (let t = 0; t < length; t++) {
        const xo = (n * length + t) * nx
        for (let r = 0; r < d; r++) {
          let acc = 0
          for (let c = 0; c < d; c++) acc += A[r * d + c] * s[c]
          for (let i = 0; i < nx; i++) acc += B[r * nx + i] * x[xo + i]
          next[r] = acc
        }
        const tmp = s
        s = next
        next = tmp
        const yo = (n * length + t) * ny
        for (let o = 0; o < ny; o++) {
          let acc = 0
          for (let c = 0; c < d; c++) acc += C[o * d + c] * s[c]
          y[yo + o] = acc
        }
      }
    }
  }

  snapshot(): ModelSnapshot {
    return linearSnapshot(this.kind, this.system)
  }
}

/** Snapshot of dense (A, B, C) as nested-shape tensors. */
export function linearSnapshot(kind: string, sys: Readonly<DenseLinear>): ModelSnapshot {
  const { dim: d, inputs: nx, outputs: ny } = sys
  return {
    kind,
    tensors: {
      A: { shape: [d, d], data: Array.from(sys.A) },
      B: { shape: [d, nx], data: Array.from(sys.B) },
      C: { shape: [ny, d], data: Array.from(sys.C) },
    },
  }
}

/** Dense system from nested rows (explicit teachers and loaded students). */
export function denseFromRows(A: number[][], B: number[][], C: number[][], where: string): DenseLinear {
  const a = fromRows(A, `${where}.A`)
  const b = fromRows(B, `${where}.B`)
  const c = fromRows(C, `${where}.C`)
  const d = a.rows
  if (a.cols !== d) throw new Error(`${where}.A: expected a square matrix, got ${a.rows}×${a.cols}`)
  if (b.rows !== d) throw new Error(`${where}.B: expected ${d} rows (the state dimension), got ${b.rows}`)
  if (c.cols !== d) throw new Error(`${where}.C: expected ${d} columns (the state dimension), got ${c.cols}`)
  return { dim: d, inputs: b.cols, outputs: c.rows, A: a.data, B: b.data, C: c.data }
}
