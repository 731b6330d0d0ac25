/**
 * Procedure 'counterexample': the AISTATS22 solutions that fit length-k data and do not extrapolate, loaded as
 * students (no training) and evaluated with every metric a trained linear run reports.
 */
import type { RunResult } from '../api/results'
import { SpecError } from '../spec/experiment'
import type { CounterexampleOptions } from '../spec/options'
import { makeTeacher } from '../teachers'
import type { DenseLinear } from '../teachers/linearTeacher'
import { evaluateLinearStudent } from './linearReport'
import type { Procedure } from './procedure'

/**
 * AISTATS22 Prop. 5.1: A e_i = e_{i+1}, A e_d = e_1 (a cyclic permutation), B = e_1, C = w* e_1ᵀ. Then C A^j B = w* when
 * d divides j and 0 otherwise: zero loss (4) for any k ≤ d, but h_d = w*, so it does not extrapolate (Lemma 3.2).
 */
function cyclicPermutationSolution(d: number, w: number): DenseLinear {
  const A = new Float64Array(d * d)
  for (let i = 0; i < d; i++) A[((i + 1) % d) * d + i] = 1
  const B = new Float64Array(d)
  B[0] = 1
  const C = new Float64Array(d)
  C[0] = w
  return { dim: d, inputs: 1, outputs: 1, A, B, C }
}

/**
 * AISTATS22 Lemma 6.3, extended from k = 3, d = 4 to any d ≥ 2 as the proof says is straightforward:
 * C = Bᵀ = (√w*, 0, …, 0, √δ), A = diag(0, …, 0, 2). Symmetric and balanced; h_0 = w* + δ, h_j = 2^j δ for j ≥ 1, so
 * the loss (4) without the ½ is δ² Σ_{j<k} 4^j = δ² (4^k − 1)/3 (21 δ² at k = 3) while the tail diverges.
 */
function symmetricDivergingSolution(d: number, w: number, delta: number): DenseLinear {
  const A = new Float64Array(d * d)
  A[d * d - 1] = 2
  const B = new Float64Array(d)
  B[0] = Math.sqrt(w)
  B[d - 1] = Math.sqrt(delta)
  return { dim: d, inputs: 1, outputs: 1, A, B, C: Float64Array.from(B) }
}

/** The loss each construction has by the paper's computation (no ½, as ICLR23 (3.4) and final_loss). */
function predictedLoss(options: CounterexampleOptions, k: number): number {
  return options.construction === 'prop5.1' ? 0 : (options.delta ** 2 * (4 ** k - 1)) / 3
}

export const counterexample: Procedure<'counterexample'> = (spec, ctx): RunResult => {
  const options = spec.options
  if (spec.teacher.kind !== 'memoryless') {
    throw new SpecError(`teacher.kind: the AISTATS22 constructions are for the memoryless teacher, got "${spec.teacher.kind}"`)
  }
  const w = spec.teacher.weight
  const d = spec.student.width
  const k = spec.data.length
  // Both statements assume d ≥ k ≥ 2 (Prop. 5.1, Lemma 6.3); Lemma 6.3 also w* > 0 (Remark 6.2 handles w* < 0).
  if (k < 2) throw new SpecError(`data.length: the constructions need k ≥ 2, got ${k}`)
  if (d < k) throw new SpecError(`student.width: the constructions need d ≥ k = ${k}, got ${d}`)
  if (options.construction === 'lemma6.3' && !(w > 0)) {
    throw new SpecError(`teacher.weight: Lemma 6.3 needs w* > 0, got ${w}`)
  }
  const student =
    options.construction === 'prop5.1' ? cyclicPermutationSolution(d, w) : symmetricDivergingSolution(d, w, options.delta)
  const result = evaluateLinearStudent(student, makeTeacher(spec.teacher, spec.seed, ctx.backend), spec, options.construction)
  result.metrics.predicted_loss = predictedLoss(options, k)
  // Prop. 5.1's witness of non-extrapolation, h_d = C A^d B = w* (when the metrics horizon reaches lag d).
  // The bound is the response length before it was stored to twice the horizon, so the metric set is unchanged.
  const impulse = result.series.impulse_student.y
  if (d < Math.max(spec.metrics.horizon, spec.metrics.maxLength, 2 * k)) result.metrics.impulse_at_width = impulse[d]
  return result
}
