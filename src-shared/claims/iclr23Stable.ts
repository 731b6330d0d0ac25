/** ICLR23's claims read on the stable teachers (Theorem 8's): which runs those are, and the transition thresholds. */
import { armsBy, teacherRadius } from './runs'
import type { ClaimRun, ClaimThreshold } from './types'

/** A stable arm: its eigMax is ≤ 1, or (no arm) every teacher it drew is stable. */
function isStableArm(value: unknown): boolean {
  return typeof value === 'number' && value <= 1
}

/**
 * The runs Theorem 8 is about (a stable teacher): the stable eigMax arms when the sweep has them, else the runs whose
 * teacher drew no eigenvalue above 1. The other arms are read as an auxiliary check (the paper's literal draw).
 */
export function splitStable(runs: readonly ClaimRun[]): { stable: ClaimRun[]; others: ReturnType<typeof armsBy> } {
  const arms = armsBy(runs, 'teacher.eigMax')
  if (arms.some((a) => isStableArm(a.value))) return { stable: arms.filter((a) => isStableArm(a.value)).flatMap((a) => a.runs), others: arms.filter((a) => !isStableArm(a.value)) }
  return { stable: runs.filter((r) => (teacherRadius(r) ?? 2) <= 1), others: arms.filter(() => runs.some((r) => (teacherRadius(r) ?? 0) > 1)) }
}

export const TRANSITION_THRESHOLDS: ClaimThreshold[] = [
  { id: 'high', label: 'high-error ratio', kind: 'threshold' },
  { id: 'low', label: 'low-error ratio', kind: 'threshold' },
  { id: 'horizon', label: 'horizon', kind: 'horizon' },
]
