// Runs the GRU/LSTM runs of a preset at quick scale (the shared part of the gated preset tests).
import { runExperiment } from '../../src-shared/experiments'
import { findPreset } from '../../src-shared/presets'
import { expandSweep, type PlannedRun } from '../../src-shared/spec/sweep'
import type { RunResult } from '../../src-shared/api/results'
import { claimsFor, type ClaimOutcome } from '../../src-shared/claims'
import { testContext } from './backends'

export interface GatedRun {
  params: PlannedRun['params']
  result: RunResult
}

/** Every quick-scale run of `presetId` whose params satisfy `keep`, in sweep order. */
export function runQuick(presetId: string, keep: (params: PlannedRun['params']) => boolean): GatedRun[] {
  const preset = findPreset(presetId)
  if (!preset) throw new Error(`preset ${presetId} is not registered`)
  return expandSweep(preset.build('quick'))
    .filter((run) => keep(run.params))
    .map((run) => ({ params: run.params, result: runExperiment(run.spec, testContext) }))
}

/** A preset's claim read on some of its runs; the thresholds are the claim's (src-shared/claims/aistats22.ts). */
function claimOn(presetId: string, claimId: string, runs: readonly GatedRun[]): ClaimOutcome {
  const claim = claimsFor(presetId)!.claims.find((c) => c.id === claimId)!
  return claim.check(runs.map((r) => ({ params: r.params, metrics: r.result.metrics, series: {} })), 'quick')
}

/** Whether the named check of an outcome passed, with its label and reason for the message. */
function checkPassed(outcome: ClaimOutcome, id: string): [boolean, string] {
  const check = outcome.checks?.find((c) => c.id === id)
  if (!check) throw new Error(`no check ${id} in: ${outcome.sentence}`)
  return [check.passed, `${check.label} (${check.reason ?? 'passed'}); ${outcome.sentence}`]
}

export function mseAt(run: GatedRun, length: number): number {
  return (run.result.metrics.mse_by_length as number[])[length - 1]
}

/**
 * AISTATS22 Fig. 1 with a GRU or LSTM student at quick scale (1,000 sequences, batch 100, 800 Adam steps, 1 seed),
 * read through the preset's claim: the student extrapolates on plain data (central) and the adversary fits length 5
 * and fails beyond (auxiliary).
 */
export function fig1Checks(student: 'gru' | 'lstm', diagnostic: (message: string) => void, ok: (value: boolean, message: string) => void): void {
  const runs = runQuick('aistats22-fig1-memoryless', (p) => p.student === student)
  const plain = runs.find((r) => r.params.data === 'plain')!
  const adversarial = runs.find((r) => r.params.data === 'adversarial')!
  const show = (run: GatedRun) => (run.result.metrics.mse_by_length as number[]).map((v) => v.toExponential(1)).join(' ')
  diagnostic(`${student} plain MSE by length 1..15: ${show(plain)}`)
  diagnostic(`${student} adversarial MSE by length 1..15: ${show(adversarial)}`)
  const outcome = claimOn('aistats22-fig1-memoryless', 'gd-extrapolates', runs)
  ok(...checkPassed(outcome, `${student} extrapolates`))
  ok(...checkPassed(outcome, `${student} adversary`))
  ok(plain.result.steps === 800 && adversarial.result.steps === 800, 'both runs take the 800 quick-scale steps')
  ok(plain.result.models.student.kind === student, `the stored student is a ${student}`)
}

/**
 * AISTATS22 Fig. 2 (random stable teacher, d* = 3, spectral radius 0.9, first 5 response values of unit norm) with a
 * GRU or LSTM student at quick scale. Asserted: the claim's check that the adversarial MSE at length 15 is several
 * times plain (reference: 6.5–8.8×).
 * Reported, not asserted: plain students against the model exact for 5 steps and zero after (0.52 at length 15 for
 * this teacher) — five values cannot identify a 3-dimensional system.
 */
export function fig2Checks(student: 'gru' | 'lstm', diagnostic: (message: string) => void, ok: (value: boolean, message: string) => void): void {
  const runs = runQuick('aistats22-fig2-teacher-dim3', (p) => p.student === student)
  const plain = runs.find((r) => r.params.data === 'plain')!
  const adversarial = runs.find((r) => r.params.data === 'adversarial')!
  const zeroTail = plain.result.metrics.zero_tail_mse_by_length as number[]
  diagnostic(`${student} MSE at length 15: plain ${mseAt(plain, 15).toPrecision(3)}, adversarial ` +
    `${mseAt(adversarial, 15).toPrecision(3)}, zero-tail model ${zeroTail[14].toPrecision(3)}`)
  diagnostic(`${student} extrapolation MSE (6..10): plain ${(plain.result.metrics.extrapolation_mse as number).toPrecision(3)}, ` +
    `zero-tail ${(plain.result.metrics.zero_tail_extrapolation_mse as number).toPrecision(3)}`)
  ok(...checkPassed(claimOn('aistats22-fig2-teacher-dim3', 'gd-extrapolates', runs), student))
  // the zero-tail comparison needs the teacher's tail: it must be there and non-trivial for this teacher
  ok(zeroTail[14] > 0 && zeroTail[4] === 0, `zero-tail MSE: ${zeroTail[4]} at 5, ${zeroTail[14]} at 15`)
}

/**
 * AISTATS22 Fig. 5 at quick scale (k = 5, width 40, 800 steps; teacher: random stable linear RNN of dimension d*,
 * spectral radius 0.9, C scaled so the first 5 response values have unit norm — every teacher gives the same training
 * signal and only its tail differs). The paper's "low while d* < k, high beyond" did not reproduce in the reference
 * (width 100, 2,000 steps); what held there and is asserted here, for the GRU: at d* = 1 its extrapolation MSE
 * (lengths 6..10) is far below the zero-tail model's; at d* = 4 it is above the zero-tail model's.
 */
export function fig5Checks(diagnostic: (message: string) => void, ok: (value: boolean, message: string) => void): void {
  // The claim anchors on the small-init linear student (cheap), so its runs come along.
  const runs = runQuick('aistats22-fig5-teacher-dim', (p) => p.student === 'gru' || p.student === 'linear-small')
  const at = (dim: number) => runs.find((r) => r.params.student === 'gru' && r.params['teacher.dim'] === dim)!.result.metrics
  for (const dim of [1, 4]) {
    const m = at(dim)
    diagnostic(`gru d* = ${dim}: extrapolation MSE ${(m.extrapolation_mse as number).toPrecision(3)}, zero-tail ` +
      `${(m.zero_tail_extrapolation_mse as number).toPrecision(3)}`)
  }
  const four = at(4)
  // The claim's checks: at d* = 1 the GRU extrapolates far better than the zero tail; at d* = 4 it does not (the
  // reference found it worse than the zero tail there, asserted beside the claim).
  const outcome = claimOn('aistats22-fig5-teacher-dim', 'two-regimes', runs)
  ok(...checkPassed(outcome, 'good gru d*=1'))
  const [goodAtFour, message] = checkPassed(outcome, 'good gru d*=4')
  ok(!goodAtFour, message)
  ok((four.extrapolation_mse as number) > (four.zero_tail_extrapolation_mse as number), `d* = 4: ${four.extrapolation_mse} vs zero-tail ${four.zero_tail_extrapolation_mse}`)
}
