// Runs the GRU/LSTM runs of a preset at quick scale (the shared part of the gated preset tests).
import { runExperiment } from '../../../src-shared/experiments'
import { findPreset } from '../../../src-shared/presets'
import { expandSweep, type PlannedRun } from '../../../src-shared/spec/sweep'
import type { RunResult } from '../../../src-shared/api/results'

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
    .map((run) => ({ params: run.params, result: runExperiment(run.spec, { onProgress() {} }) }))
}

export function mseAt(run: GatedRun, length: number): number {
  return (run.result.metrics.mse_by_length as number[])[length - 1]
}

/**
 * AISTATS22 Fig. 1 with a GRU or LSTM student at quick scale (1,000 sequences, batch 100, 800 Adam steps, 1 seed):
 * thresholds from the PyTorch reference in docs/experiments.md.
 */
export function fig1Checks(student: 'gru' | 'lstm', diagnostic: (message: string) => void, ok: (value: boolean, message: string) => void): void {
  const runs = runQuick('aistats22-fig1-memoryless', (p) => p.student === student)
  const plain = runs.find((r) => r.params.data === 'plain')!
  const adversarial = runs.find((r) => r.params.data === 'adversarial')!
  const show = (run: GatedRun) => (run.result.metrics.mse_by_length as number[]).map((v) => v.toExponential(1)).join(' ')
  diagnostic(`${student} plain MSE by length 1..15: ${show(plain)}`)
  diagnostic(`${student} adversarial MSE by length 1..15: ${show(adversarial)}`)
  for (let L = 6; L <= 15; L++) {
    // reference: plain gated students ≤ 2.6e-2 at 6–15; 0.1 leaves room for seed-to-seed spread
    ok(mseAt(plain, L) < 0.1, `plain MSE at length ${L} = ${mseAt(plain, L)}`)
    // the periodic adversary's own error is 1 at 6–10 and 2 at 11–15; a student that learned it is far above 0.5
    ok(mseAt(adversarial, L) > 0.5, `adversarial MSE at length ${L} = ${mseAt(adversarial, L)}`)
  }
  // adversarial labels equal the teacher's up to length 5, so the fit there is as good as on plain data
  ok(mseAt(adversarial, 5) < 1e-2, `adversarial MSE at length 5 = ${mseAt(adversarial, 5)}`)
  // not "MSE at 15 within 10× of MSE at 5" (MSE at 5 trains to ~1e-5): the plain/adversarial contrast instead
  ok(mseAt(adversarial, 15) > 20 * mseAt(plain, 15), `adversarial ${mseAt(adversarial, 15)} vs plain ${mseAt(plain, 15)}`)
  ok(plain.result.steps === 800 && adversarial.result.steps === 800, 'both runs take the 800 quick-scale steps')
  ok(plain.result.models.student.kind === student, `the stored student is a ${student}`)
}

/**
 * AISTATS22 Fig. 2 (random stable teacher, d* = 3, spectral radius 0.9, first 5 response values of unit norm) with a
 * GRU or LSTM student at quick scale. Asserted: adversarial MSE at length 15 above 3× plain (reference: 6.5–8.8×).
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
  ok(mseAt(adversarial, 15) > 3 * mseAt(plain, 15), `adversarial ${mseAt(adversarial, 15)} vs plain ${mseAt(plain, 15)} at length 15`)
  // the zero-tail comparison needs the teacher's tail: it must be there and non-trivial for this teacher
  ok(zeroTail[14] > 0 && zeroTail[4] === 0, `zero-tail MSE: ${zeroTail[4]} at 5, ${zeroTail[14]} at 15`)
}

/**
 * AISTATS22 Fig. 5 at quick scale (k = 5, width 40, 800 steps; teacher: random stable linear RNN of dimension d*,
 * spectral radius 0.9, C scaled so the first 5 response values have unit norm — every teacher gives the same training
 * signal and only its tail differs). The paper's "low while d* < k, high beyond" did not reproduce in the reference
 * (width 100, 2,000 steps); what held there and is asserted here, for the GRU: at d* = 1 its extrapolation MSE
 * (lengths 6..10) is below 0.05 and far below the zero-tail model's; at d* = 4 it is above the zero-tail model's.
 */
export function fig5Checks(diagnostic: (message: string) => void, ok: (value: boolean, message: string) => void): void {
  const runs = runQuick('aistats22-fig5-teacher-dim', (p) => p.student === 'gru')
  const at = (dim: number) => runs.find((r) => r.params['teacher.dim'] === dim)!.result.metrics
  for (const dim of [1, 4]) {
    const m = at(dim)
    diagnostic(`gru d* = ${dim}: extrapolation MSE ${(m.extrapolation_mse as number).toPrecision(3)}, zero-tail ` +
      `${(m.zero_tail_extrapolation_mse as number).toPrecision(3)}`)
  }
  const one = at(1)
  const four = at(4)
  ok((one.extrapolation_mse as number) < 0.05, `d* = 1: extrapolation MSE ${one.extrapolation_mse}`)
  ok((one.extrapolation_mse as number) < (one.zero_tail_extrapolation_mse as number) / 5,
    `d* = 1: ${one.extrapolation_mse} vs zero-tail ${one.zero_tail_extrapolation_mse}`)
  ok((four.extrapolation_mse as number) > (four.zero_tail_extrapolation_mse as number),
    `d* = 4: ${four.extrapolation_mse} vs zero-tail ${four.zero_tail_extrapolation_mse}`)
}
