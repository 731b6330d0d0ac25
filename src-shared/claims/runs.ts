/** Reading a sweep's runs for claims: metric values (with derived ones), groups by param, arms, verdict algebra. */
import type { CheckRole, ClaimCheck, ClaimNumber, ClaimOptions, ClaimOutcome, ClaimRun, Verdict } from './types'

/**
 * A run's scalar metric; `a.b` reads key b of a keyed metric (`r2_rnn.vel_x`). error_ratio is derived from
 * extrapolation_error / zero_error for runs stored before it was a metric of its own.
 */
export function metricOf(run: ClaimRun, name: string): number | null {
  const value = run.metrics[name]
  if (typeof value === 'number') return Number.isFinite(value) ? value : null
  if (name === 'error_ratio') {
    const e = metricOf(run, 'extrapolation_error')
    const z = metricOf(run, 'zero_error')
    return e !== null && z !== null && z > 0 ? e / z : null
  }
  const dot = name.lastIndexOf('.')
  if (dot > 0) {
    const keyed = run.metrics[name.slice(0, dot)]
    if (keyed && typeof keyed === 'object' && !Array.isArray(keyed)) {
      const v = keyed[name.slice(dot + 1)]
      return typeof v === 'number' && Number.isFinite(v) ? v : null
    }
  }
  return null
}

export function arrayOf(run: ClaimRun, name: string): number[] | null {
  const value = run.metrics[name]
  return Array.isArray(value) ? value : null
}

export function mean(xs: readonly number[]): number {
  return xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : NaN
}

/** Values of one metric over runs, dropping runs that lack it. */
export function values(runs: readonly ClaimRun[], name: string): number[] {
  return runs.map((r) => metricOf(r, name)).filter((v): v is number => v !== null)
}

export function meanOf(runs: readonly ClaimRun[], name: string): number | null {
  const v = values(runs, name)
  return v.length ? mean(v) : null
}

/** Runs grouped by one param's value, in sweep order. */
export function groupBy(runs: readonly ClaimRun[], param: string): Map<unknown, ClaimRun[]> {
  const groups = new Map<unknown, ClaimRun[]>()
  for (const run of runs) {
    const key = run.params[param]
    groups.set(key, [...(groups.get(key) ?? []), run])
  }
  return groups
}

export function where(runs: readonly ClaimRun[], params: Record<string, unknown>): ClaimRun[] {
  return runs.filter((r) => Object.entries(params).every(([k, v]) => r.params[k] === v))
}

/** Distinct numeric values of a param, ascending. */
export function numericValues(runs: readonly ClaimRun[], param: string): number[] {
  return [...new Set(runs.map((r) => r.params[param]).filter((v): v is number => typeof v === 'number'))].sort((a, b) => a - b)
}

/**
 * Arms of a sweep by one param (e.g. `teacher.eigMax`: the literal 1.05 and the stable 1). A sweep without the
 * param is one arm with value undefined, so claims read the same with and without it.
 */
export function armsBy(runs: readonly ClaimRun[], param: string): Array<{ value: unknown; label: string; runs: ClaimRun[] }> {
  return [...groupBy(runs, param)].map(([value, group]) => ({ value, label: value === undefined ? '' : `${param} = ${String(value)}`, runs: group }))
}

/** The teacher's eigenvalues and weights (the teacher_modes series: x = eigenvalue, y = weight). */
export function teacherModes(run: ClaimRun): Array<{ eigenvalue: number; weight: number }> {
  const modes = run.series.teacher_modes
  if (!modes?.x) return []
  return modes.x.map((eigenvalue, i) => ({ eigenvalue, weight: modes.y[i] }))
}

export function teacherRadius(run: ClaimRun): number | null {
  const modes = teacherModes(run)
  return modes.length ? Math.max(...modes.map((m) => Math.abs(m.eigenvalue))) : null
}

/** A departure line for every teacher with an eigenvalue above 1 (ICLR23 Theorem 8 assumes a stable teacher). */
export function unstableTeacherNotes(runs: readonly ClaimRun[]): string[] {
  const bySeed = new Map<unknown, ClaimRun>()
  for (const run of runs) if (!bySeed.has(run.params.seed)) bySeed.set(run.params.seed, run)
  const notes: string[] = []
  for (const [seed, run] of bySeed) {
    const above = teacherModes(run).filter((m) => Math.abs(m.eigenvalue) > 1)
    if (above.length) {
      const list = above.map((m) => `λ = ${fmt(m.eigenvalue)} with weight ${fmt(m.weight)}`).join(', ')
      notes.push(`The teacher of seed ${String(seed)} has ${list}: its tail grows and dominates the error to the horizon (Theorem 8 assumes eigenvalues in [−1, 1]).`)
    }
  }
  return notes
}

export function fmt(v: number | null | undefined, digits = 3): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '—'
  if (v !== 0 && (Math.abs(v) < 1e-3 || Math.abs(v) >= 1e4)) return v.toExponential(digits - 1)
  return String(Number(v.toPrecision(digits)))
}

export const num = (label: string, value: number | null | undefined, paper?: number): ClaimNumber => ({ label, value: value ?? null, ...(paper === undefined ? {} : { paper }) })

/** All pass → holds, none → fails, some → partly. */
export function verdictOf(checks: readonly boolean[]): Verdict {
  const passed = checks.filter(Boolean).length
  return passed === checks.length ? 'holds' : passed === 0 ? 'fails' : 'partly'
}

/** Several sub-outcomes (arms, students) into one: 'not run' parts are left out unless nothing else ran. */
export function combineVerdicts(verdicts: readonly Verdict[]): Verdict {
  const ran = verdicts.filter((v) => v !== 'not run at this scale')
  if (ran.length === 0) return 'not run at this scale'
  if (ran.every((v) => v === 'holds')) return 'holds'
  if (ran.every((v) => v === 'fails')) return 'fails'
  return 'partly'
}

export function notRun(sentence: string, departures: string[] = []): ClaimOutcome {
  return { verdict: 'not run at this scale', sentence, numbers: [], departures }
}

/** A threshold as the claim reads it: its value times the factor robustness set for it (1 by default). */
export function thresholdOf(options: ClaimOptions | undefined, id: string, value: number): number {
  return value * (options?.factors?.[id] ?? 1)
}

export function checkOf(id: string, role: CheckRole, label: string, passed: boolean, reason?: string): ClaimCheck {
  return passed || reason === undefined ? { id, role, label, passed } : { id, role, label, passed, reason }
}

/** The verdict semantics (types.ts): a failed central check → fails; else a failed auxiliary one → partly; else holds. */
export function verdictFromChecks(checks: readonly ClaimCheck[]): Verdict {
  if (checks.length === 0) return 'not run at this scale'
  if (checks.some((c) => c.role === 'central' && !c.passed)) return 'fails'
  return checks.every((c) => c.passed) ? 'holds' : 'partly'
}

/** An outcome from its checks: the verdict follows them; every failed auxiliary check's reason becomes a departure. */
export function outcomeOf(checks: ClaimCheck[], sentence: string, numbers: ClaimNumber[], departures: string[] = []): ClaimOutcome {
  const verdict = verdictFromChecks(checks)
  const reasons = checks.filter((c) => !c.passed && c.role === 'auxiliary').map((c) => `${c.label}: no${c.reason ? ` (${c.reason})` : ''}.`)
  return { verdict, sentence, numbers, departures: [...reasons, ...departures], checks }
}
