/**
 * What the teacher designer shows for a teacher spec: impulse response, eigenvalues of A, Hankel singular values
 * (their count above a threshold is the effective state dimension, ICLR23 §3), and the matrices themselves.
 */
import { Matrix, SingularValueDecomposition } from 'ml-matrix'
import type { TeacherPreview } from '../../src-shared/api/lab'
import type { ModelSnapshot } from '../../src-shared/api/results'
import type { TeacherSpec } from '../../src-shared/spec/teacher'
import { makeTeacher } from '../../src-shared/teachers'
import { eigen, toRows } from '../../src-shared/engine/linalg'
import { chooseBackend } from '../engine/backend/choose'

/** Singular values below this fraction of the largest do not count towards the effective dimension. */
const HANKEL_RELATIVE_THRESHOLD = 1e-3
const MAX_HANKEL = 40

/** Singular values of the Hankel matrix H_ij = h_{i+j} built from the first 2n − 1 impulse-response values. */
export function hankelSingularValues(impulse: readonly number[]): number[] {
  const n = Math.min(MAX_HANKEL, Math.floor((impulse.length + 1) / 2))
  if (n === 0) return []
  const H = Matrix.zeros(n, n)
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) H.set(i, j, impulse[i + j] ?? 0)
  return new SingularValueDecomposition(H, { computeLeftSingularVectors: false, computeRightSingularVectors: false }).diagonal
}

export function effectiveDimension(singularValues: readonly number[]): number {
  const top = singularValues[0] ?? 0
  return top > 0 ? singularValues.filter((s) => s > HANKEL_RELATIVE_THRESHOLD * top).length : 0
}

/** Eigenvalues of a snapshot's square A (dense (d, d), or the d diagonal entries of a diagonal model); null otherwise. */
export function snapshotEigenvalues(snapshot: ModelSnapshot | undefined): Array<{ re: number; im: number }> | null {
  const A = snapshot?.tensors.A
  if (!A) return null
  if (A.shape.length === 1) return A.data.map((re) => ({ re, im: 0 }))
  if (A.shape.length !== 2 || A.shape[0] !== A.shape[1]) return null
  const d = A.shape[0]
  const { re, im } = eigen(Float64Array.from(A.data), d)
  return re.map((r, i) => ({ re: r, im: im[i] }))
}

const RANDOM_KINDS = new Set(['random-stable', 'iclr23-balanced', 'unbalanced', 'emami21', 'gru'])

export function previewTeacher(spec: TeacherSpec, horizon: number): TeacherPreview {
  const warnings: string[] = []
  // a GRU teacher is fitted here: with the kernels a worker would use
  const teacher = makeTeacher(spec, 0, chooseBackend().backend)
  let impulse: number[] | null = null
  const stacked = teacher.impulse(horizon)
  if (stacked) {
    const stride = teacher.outputs * teacher.inputs
    impulse = Array.from({ length: horizon }, (_, j) => stacked[j * stride])
  } else {
    // Nonlinear teachers: the response to a unit impulse at t = 1 on input 0.
    const x = new Float64Array(horizon * teacher.inputs)
    x[0] = 1
    const y = new Float64Array(horizon * teacher.outputs)
    teacher.respond(y, x, 1, horizon)
    impulse = Array.from({ length: horizon }, (_, t) => y[t * teacher.outputs])
  }
  if (teacher.inputs > 1 || teacher.outputs > 1) warnings.push(`MIMO teacher (${teacher.outputs}×${teacher.inputs}): the charts show output 1 / input 1`)
  if (RANDOM_KINDS.has(spec.kind) && !('seed' in spec && spec.seed !== undefined)) {
    warnings.push('Drawn with seed 0 here; every run draws its own teacher from its seed unless teacher.seed is set')
  }

  const snapshot = teacher.snapshot()
  const { A, B, C } = snapshot.tensors
  let matrices: TeacherPreview['matrices'] = null
  const eigenvalues: TeacherPreview['eigenvalues'] = []
  if (A && B && C && A.shape.length === 2 && A.shape[0] === A.shape[1]) {
    const d = A.shape[0]
    matrices = { A: toRows(Float64Array.from(A.data), d, d), B: toRows(Float64Array.from(B.data), B.shape[0], B.shape[1]), C: toRows(Float64Array.from(C.data), C.shape[0], C.shape[1]) }
    eigenvalues.push(...(snapshotEigenvalues(snapshot) ?? []))
    const radius = Math.max(0, ...eigenvalues.map((e) => Math.hypot(e.re, e.im)))
    if (radius >= 1) warnings.push(`Spectral radius ${radius.toPrecision(4)} ≥ 1: the impulse response does not decay`)
  }
  const hankel = hankelSingularValues(impulse)
  return { impulse, eigenvalues, hankelSingularValues: hankel, hankelRelativeThreshold: HANKEL_RELATIVE_THRESHOLD, effectiveDim: effectiveDimension(hankel), matrices, warnings }
}
