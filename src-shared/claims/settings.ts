/** The settings of the spec that ran that claims quote (ClaimRun.settings); pure, shared by main and the recorder. */
import type { ExperimentSpec } from '../spec/experiment'
import type { ClaimRun, RunSettings } from './types'

export function runSettings(spec: Pick<ExperimentSpec, 'metrics' | 'student'>): RunSettings {
  return { horizon: spec.metrics.horizon, width: spec.student.width }
}

/** The one value of a setting over runs, or null when runs lack it or disagree (then prose names no number). */
export function settingOf(runs: readonly ClaimRun[], name: keyof RunSettings): number | null {
  const seen = new Set(runs.map((r) => r.settings?.[name]))
  const [only] = seen
  return seen.size === 1 && typeof only === 'number' ? only : null
}
