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

