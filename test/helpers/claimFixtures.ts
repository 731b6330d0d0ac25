/**
 * Recorded quick sweeps (test/fixtures/claims/<preset>.json, written by test/fixtures/claims/record.ts) and ways to
 * alter them: the claim tests feed claims real runs with the paper's effect removed, without re-training.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { claimsFor, evaluateClaims, type ClaimOutcome, type ClaimRun, type EvaluatedClaim } from '../../src-shared/claims'
import type { Scale } from '../../src-shared/spec/experiment'

const DIR = join(import.meta.dirname, '../fixtures/claims')

export function fixtureRuns(presetId: string): ClaimRun[] {
  const { preset, runs } = JSON.parse(readFileSync(join(DIR, `${presetId}.json`), 'utf8')) as { preset: string; runs: ClaimRun[] }
  if (preset !== presetId) throw new Error(`fixture ${presetId}.json holds preset ${preset}`)
  return runs
}

/** Every run with its metrics passed through `change` (a copy: the fixture is never modified). */
export function alter(runs: readonly ClaimRun[], change: (metrics: Record<string, unknown>, run: ClaimRun) => void): ClaimRun[] {
  return runs.map((run) => {
    const metrics = structuredClone(run.metrics) as Record<string, unknown>
    change(metrics, run)
    return { ...run, metrics: metrics as ClaimRun['metrics'] }
  })
}

/** One claim of a preset run on `runs`, with its sentence and failed checks as the assertion message. */
export function claimOutcome(presetId: string, claimId: string, runs: readonly ClaimRun[], scale: Scale = 'quick'): { outcome: ClaimOutcome; message: string } {
  const claim = claimsFor(presetId)?.claims.find((c) => c.id === claimId)
  if (!claim) throw new Error(`no claim ${claimId} in ${presetId}`)
  const outcome = claim.check(runs, scale)
  const failed = (outcome.checks ?? []).filter((c) => !c.passed).map((c) => `✗ [${c.role}] ${c.label} (${c.reason ?? ''})`)
  return { outcome, message: `${presetId}/${claimId}: ${outcome.sentence} ${failed.join('; ')}` }
}

export function fixtureClaims(presetId: string, robustness = false): EvaluatedClaim[] {
  return evaluateClaims(presetId, fixtureRuns(presetId), 'quick', { robustness })
}

/**
 * The quick sweeps' verdicts, claim by claim, as the claims read the recorded runs; the live quick sweeps
 * (test/reproduction/presets/claims*.test.ts) must read the same. Why each is what it is: the claim's sentence and checks.
 */
export const QUICK_VERDICTS: Record<string, Record<string, string>> = {
  'iclr23-fig1a': { transition: 'partly' },
  'iclr23-fig1b': { transition: 'holds' },
  'iclr23-fig2-gru': { 'critical-length': 'not run at this scale' },
  'iclr23-fig3a': { transition: 'fails' },
  'iclr23-fig3b': { transition: 'holds' },
  'iclr23-fig4-init-scale': { 'init-scale': 'partly' },
  'iclr23-fig5-impulse': { 'longer-k-extrapolates': 'fails' },
  'iclr23-fig6-impulse': { 'two-more-steps': 'holds' },
  'aistats22-fig1-memoryless': { 'gd-extrapolates': 'partly' },
  'aistats22-fig2-teacher-dim3': { 'gd-extrapolates': 'partly' },
  'aistats22-fig3-slackness': { slackness: 'holds' },
  'aistats22-fig4-weight-dynamics': { symmetry: 'holds' },
  'aistats22-fig5-teacher-dim': { 'two-regimes': 'fails' },
  'aistats22-counterexamples': { constructions: 'holds' },
  'emami21-fig1-dynamics': { 'twins-match': 'holds' },
  'emami21-fig3-delay': { 'delay-bias': 'partly' },
  'emami21-fig4-width': { 'wider-closer': 'holds' },
  // S1 at quick: Conv1D 0.623 / 0.631 below the RNN's 0.646 / 0.649; the RNN 0.022 from its twin on limited data.
  'emami21-table1-s1': { 'conv1d-ridge': 'holds', 'conv1d-best-whole': 'fails', 'rnn-equals-scaled': 'holds', 'conv1d-limited': 'holds' },
  'proca-fig1-modes': { 'closed-form': 'holds' },
  'proca-fig2-landscape': { 'global-minima': 'holds' },
}
