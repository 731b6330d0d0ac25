/** The linear teachers of the papers (docs/experiments.md), built as dense (A, B, C). Each draws from its own seeded stream. */
import { spectralRadius } from '../engine/linalg'
import type { Rng } from '../engine/prng'
import type { TeacherSpec } from '../spec/teacher'
import { denseImpulse, type DenseLinear } from './linearTeacher'

type Spec<K extends TeacherSpec['kind']> = Extract<TeacherSpec, { kind: K }>

function zeros(dim: number, inputs: number, outputs: number): DenseLinear {
  return {
    dim,
    inputs,
    outputs,
    A: new Float64Array(dim * dim),
    B: new Float64Array(dim * inputs),
    C: new Float64Array(outputs * dim),
  }
}

/** AISTATS22 Fig. 1: y_k = w* x_k, a one-dimensional state with A = 0, so h_0 = w* and h_j = 0 after. */
export function memorylessTeacher(spec: Spec<'memoryless'>): DenseLinear {
  const sys = zeros(1, 1, 1)
  sys.B[0] = 1
  sys.C[0] = spec.weight
  return sys
}

/**
 * AISTATS22 Fig. 2, 5: A with N(0, 1/d) entries rescaled to spectral radius ρ, B and C standard normal; with
 * 'first-k-unit-norm', C is scaled so Σ_{j<normalizeSteps} ||h_j||²_F = 1 (the first values have unit norm).
 */
export function randomStableTeacher(spec: Spec<'random-stable'>, rng: Rng): DenseLinear {
  const d = spec.dim
  const sys = zeros(d, spec.inputs, spec.outputs)
  rng.fillNormal(sys.A, 1 / Math.sqrt(d))
  const rho = spectralRadius(sys.A, d)
  if (rho > 0) for (let i = 0; i < sys.A.length; i++) sys.A[i] *= spec.spectralRadius / rho
  rng.fillNormal(sys.B)
  rng.fillNormal(sys.C)
  if (spec.normalize === 'first-k-unit-norm') {
    const h = denseImpulse(sys, spec.normalizeSteps)
    let s = 0
    for (let i = 0; i < h.length; i++) s += h[i] * h[i]
    if (s > 0) for (let i = 0; i < sys.C.length; i++) sys.C[i] /= Math.sqrt(s)
  }
  return sys
}

/**
 * ICLR23 Fig. 1a: diagonal A with eigenvalues U[eigMin, eigMax) — half-open, so eigMax = 1 gives a stable teacher
 * (Theorem 8's eigenvalues in [−1, 1] without the marginal 1) — and B = Cᵀ with N(bMean, bStd²) entries scaled so
 * C B = Σ b_i² = 1. 'even': evenly spaced eigenvalues from eigMin to eigMax inclusive and equal weights b_i = 1/√d.
 */
export function iclr23BalancedTeacher(spec: Spec<'iclr23-balanced'>, rng: Rng): DenseLinear {
  const d = spec.dim
  const sys = zeros(d, 1, 1)
  const b = new Float64Array(d)
  for (let i = 0; i < d; i++) {
    sys.A[i * d + i] =
      spec.spacing === 'even'
        ? d === 1 ? spec.eigMin : spec.eigMin + ((spec.eigMax - spec.eigMin) * i) / (d - 1)
        : halfOpenUniform(rng, spec.eigMin, spec.eigMax)
  }
  if (spec.spacing === 'even') b.fill(1)
  else rng.fillNormal(b, spec.bStd, spec.bMean)
  let s = 0
  for (let i = 0; i < d; i++) s += b[i] * b[i]
  if (s === 0) throw new Error('teacher: iclr23-balanced drew B = 0; C B = 1 cannot be met')
  for (let i = 0; i < d; i++) {
    sys.B[i] = b[i] / Math.sqrt(s)
    sys.C[i] = b[i] / Math.sqrt(s)
  }
  return sys
}

/** U[lo, hi): lo + (hi − lo) u with u < 1 can still round up to hi; such a draw is moved to the double below hi. */
function halfOpenUniform(rng: Rng, lo: number, hi: number): number {
  const x = rng.uniformIn(lo, hi)
  return x < hi || hi <= lo ? x : hi - Math.max(Math.abs(hi) * Number.EPSILON, Number.MIN_VALUE)
}

/** ICLR23 delay teacher: nilpotent shift (A_{i,i+1} = 1), B = e_d, C = e_1ᵀ, so h_j = 1 at j = d − 1 and 0 elsewhere. */
export function delayTeacher(spec: Spec<'delay'>): DenseLinear {
  const d = spec.dim
  const sys = zeros(d, 1, 1)
  for (let i = 0; i + 1 < d; i++) sys.A[i * d + i + 1] = 1
  sys.B[d - 1] = 1
  sys.C[0] = 1
  return sys
}

/**
 * ICLR23 Fig. 3b: upper bidiagonal A with diagonal N(diagMean, diagStd²) and super-diagonal N(superMean, superStd²)
 * (the paper's N(0, 0.1) read as standard deviation 0.1), B = e_d and C = e_1ᵀ as for the delay teacher.
 */
export function unbalancedTeacher(spec: Spec<'unbalanced'>, rng: Rng): DenseLinear {
  const d = spec.dim
  const sys = zeros(d, 1, 1)
  for (let i = 0; i < d; i++) sys.A[i * d + i] = spec.diagMean + spec.diagStd * rng.normal()
  for (let i = 0; i + 1 < d; i++) sys.A[i * d + i + 1] = spec.superMean + spec.superStd * rng.normal()
  sys.B[d - 1] = 1
  sys.C[0] = 1
  return sys
}

/**
 * EMAMI21 random RNN teacher: W ~ N(0, ν_W), F ~ N(0, ν_F), C ~ N(0, ν_C) (variances), applied with the width
 * scaling h_t = n^{-1/2} W h_{t−1} + F x_t, y_t = n^{-1/2} C h_t; stored as A = W/√n, B = F, C/√n.
 */
export function emami21Teacher(spec: Spec<'emami21'>, rng: Rng): DenseLinear {
  const n = spec.dim
  const sys = zeros(n, spec.inputs, spec.outputs)
  const root = Math.sqrt(n)
  rng.fillNormal(sys.A, Math.sqrt(spec.nuW) / root)
  rng.fillNormal(sys.B, Math.sqrt(spec.nuF))
  rng.fillNormal(sys.C, Math.sqrt(spec.nuC) / root)
  return sys
}
