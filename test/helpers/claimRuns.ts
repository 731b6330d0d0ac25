/** A preset's quick sweep run in-process and read by its claims (src-shared/claims): one definition of "reproduced". */
import { evaluateClaims, type EvaluatedClaim } from '../../src-shared/claims'
import { findPreset } from '../../src-shared/presets'
import { runSweep } from './runSweep'

export function quickClaims(presetId: string): EvaluatedClaim[] {
  const preset = findPreset(presetId)
  if (!preset) throw new Error(`preset ${presetId} is not registered`)
  const runs = runSweep(preset.build('quick')).map((r) => ({ params: r.params, metrics: r.result.metrics, series: r.result.series }))
  return evaluateClaims(presetId, runs, 'quick')
}

/** The claim's verdict, with its sentence and numbers as the assertion message. */
export function verdictOf(claims: EvaluatedClaim[], id: string): { verdict: string; message: string } {
  const claim = claims.find((c) => c.id === id)
  if (!claim) throw new Error(`no claim ${id}`)
  const { outcome } = claim
  return { verdict: outcome.verdict, message: `${outcome.sentence} ${outcome.numbers.map((n) => `${n.label}: ${n.value}`).join('; ')}` }
}
