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
