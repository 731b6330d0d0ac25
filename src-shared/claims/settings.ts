/** The settings of the spec that ran that claims quote (ClaimRun.settings); pure, shared by main and the recorder. */
import type { ExperimentSpec } from '../spec/experiment'
import type { ClaimRun, RunSettings } from './types'

export function runSettings(spec: Pick<ExperimentSpec, 'metrics' | 'student' | 'data' | 'stopping' | 'teacher'>): RunSettings {
  const dim = (spec.teacher as { dim?: unknown }).dim
  return {
    horizon: spec.metrics.horizon,
    width: spec.student.width,
    length: spec.data.length,
    maxSteps: spec.stopping.maxSteps,
    precision: spec.student.precision,
    teacherDim: typeof dim === 'number' ? dim : null,
  }
}

/**
 * The one value of a setting over runs (a swept spec path first, else the runs' settings), or null when runs lack it
 * or disagree: then prose names no number.
 */
export function settingOf<K extends keyof RunSettings>(runs: readonly ClaimRun[], name: K, path?: string): RunSettings[K] | null {
  const seen = new Set(runs.map((r) => (path !== undefined && r.params[path] !== undefined ? r.params[path] : r.settings?.[name])))
  const [only] = seen
  return seen.size === 1 && only !== undefined && only !== null ? (only as RunSettings[K]) : null
}
