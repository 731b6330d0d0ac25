/**
 * PROCA's target sequence s_1..s_T (the singular values of the input-output correlation per time step), and the same
 * data seen as a linear teacher: y_T = Σ_i s_i x_i is a finite impulse response h_j = s_{T-j} for j < T, zero after.
 */
import type { ModelSnapshot } from '../api/results'
import type { TeacherSpec } from '../spec/teacher'
import type { Teacher } from './teacher'

export type SequenceTeacherSpec = Extract<TeacherSpec, { kind: 'sequence' }>

/**
 * s_1..s_T (index 0 holds s_1). PROCA Fig. 2: constant s_t = base, expanding s_t = base^{T-t}, contracting s_t = base^t.
 * Explicit values must have exactly T entries.
 */
export function sequenceTarget(spec: SequenceTeacherSpec, length: number): Float64Array {
  const s = new Float64Array(length)
  if (spec.shape === 'explicit') {
    if (!spec.values) throw new Error('teacher.values: required when teacher.shape is "explicit"')
    if (spec.values.length !== length) {
      throw new Error(`teacher.values: has ${spec.values.length} entries, expected data.length = ${length}`)
    }
    s.set(spec.values)
    return s
  }
  for (let t = 1; t <= length; t++) {
    if (spec.shape === 'constant') s[t - 1] = spec.base
    else if (spec.shape === 'expanding') s[t - 1] = spec.base ** (length - t)
    else s[t - 1] = spec.base ** t
  }
  return s
}

/** The target sequence as a single-input single-output linear teacher with a finite impulse response of length T. */
export class SequenceTeacher implements Teacher {
  readonly inputs = 1
  readonly outputs = 1
  /** h_j = s_{T-j}, j = 0..T-1. */
  private readonly response: Float64Array

  constructor(spec: SequenceTeacherSpec, length: number) {
    const s = sequenceTarget(spec, length)
    this.response = new Float64Array(length)
    for (let j = 0; j < length; j++) this.response[j] = s[length - 1 - j]
  }

  impulse(horizon: number): Float64Array {
    const h = new Float64Array(horizon)
    h.set(this.response.subarray(0, Math.min(horizon, this.response.length)))
    return h
  }

  respond(y: Float64Array, x: Readonly<Float64Array>, batch: number, length: number): void {
    const taps = this.response.length
    for (let b = 0; b < batch; b++) {
      const off = b * length
      for (let t = 0; t < length; t++) {
        let acc = 0
        for (let j = 0; j < taps && j <= t; j++) acc += this.response[j] * x[off + t - j]
        y[off + t] = acc
      }
    }
  }

  snapshot(): ModelSnapshot {
    return { kind: 'sequence', tensors: { h: { shape: [this.response.length], data: Array.from(this.response) } } }
  }
}
