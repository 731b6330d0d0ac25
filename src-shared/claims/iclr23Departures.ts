/** ICLR23 departure notes written from the settings that ran (ClaimRun.settings, swept params), never from text. */
import { settingOf } from './settings'
import type { ClaimRun } from './types'

/** ICLR23 App. A.3, Fig. 6: a delay teacher d̂ = 10 and k ∈ {8, 18, 20}; the sweep's own values when it departs. */
export function fig6Departure(runs: readonly ClaimRun[], ks: readonly number[]): string[] {
  const dim = settingOf(runs, 'teacherDim', 'teacher.dim')
  if (dim === 10 && ks.join(',') === '8,18,20') return []
  return [`This sweep uses ${dim === null ? '' : `d̂ = ${dim} and `}k ∈ {${ks.join(', ')}} in place of the paper's d̂ = 10 and k ∈ {8, 18, 20}.`]
}

/** ICLR23's GRU experiment (Fig. 2) trains width 100 for up to 50,000 steps over 10 seeds; what this sweep ran instead. */
export function gruBudgetDeparture(runs: readonly ClaimRun[]): string | null {
  const width = settingOf(runs, 'width', 'student.width')
  const steps = settingOf(runs, 'maxSteps', 'stopping.maxSteps')
  const precision = settingOf(runs, 'precision', 'student.precision')
  const seeds = new Set(runs.map((r) => r.params.seed)).size
  if (width === 100 && steps === 50_000 && seeds >= 10 && precision !== 'float32') return null
  const parts = [width === null ? null : `width ${width}${precision === 'float32' ? ' in float32' : ''}`, steps === null ? null : `up to ${steps.toLocaleString('en-US')} steps`, `${seeds} seed${seeds === 1 ? '' : 's'}`]
  return `This sweep: ${parts.filter(Boolean).join(', ')} (paper: width 100, up to 50,000 steps, 10 seeds).`
}
