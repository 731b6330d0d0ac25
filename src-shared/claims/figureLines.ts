/** What a figure is as data (lines of points, marks, axis labels) and how a run is named in its legend. */
import type { ClaimRun } from './types'

export interface FigureLine {
  name: string
  points: Array<[number | string, number | null]>
  /** line: a mean or a curve; dots: one point per seed; reference: a dashed comparison (the zero solution). */
  style: 'line' | 'dots' | 'reference'
  /** Lines of one group share a colour (a mean and its seeds; one model across variants). */
  group: number
  /** Dashed: the second and later variant of a series figure (limited data beside whole recording). */
  dashed?: boolean
}

export interface FigureData {
  id: string
  title: string
  xLabel: string
  yLabel: string
  xType: 'value' | 'log' | 'category'
  logY: boolean
  yRange?: [number, number]
  lines: FigureLine[]
  xMarks: Array<{ at: number; label: string }>
  yMarks: Array<{ at: number; label: string }>
}

const SHORT: Record<string, string> = { 'data.length': 'k', 'teacher.eigMax': 'λ_max', 'teacher.base': 's', 'teacher.dim': 'd*', 'student.width': 'n', 'student.init.scale': 'init', 'data.delay': 'τ' }

/** How a run is named in a legend: variant labels as they are, spec paths as `k = 10`. */
export function runLabel(run: ClaimRun, params: readonly string[]): string {
  return params
    .filter((p) => run.params[p] !== undefined)
    .map((p) => (typeof run.params[p] === 'string' ? String(run.params[p]) : `${SHORT[p] ?? p} = ${String(run.params[p])}`))
    .join(', ')
}
