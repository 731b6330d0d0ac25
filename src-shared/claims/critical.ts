/**
 * Claims of the boundary-search presets: k* (or d*) per outer value, read from the runs with the search's own
 * summary (src-shared/search), whether they came from a search or a full grid. Small functions, one per claim.
 */
import { findPreset } from '../presets/index'
import { pointsFromRuns, type SearchPoint } from '../search'
import { checkOf, fmt, notRun, num, outcomeOf } from './runs'
import type { ClaimOutcome, ClaimRun, FigureSpec, PresetClaims } from './types'

function pointsOf(presetId: string, runs: readonly ClaimRun[]): SearchPoint[] {
  const search = findPreset(presetId)?.search
  return pointsFromRuns(runs, { outer: search?.outer ?? null, inner: search?.inner ?? 'data.length', until: search?.until, direction: search?.direction })
}

const kText = (k: number | null) => (k === null ? 'none in range' : String(k))

/** Per-seed k* at or below `bound` for at least half the seeds (no transition in range counts as above). */
function typicalSeedWithin(point: SearchPoint, bound: number): boolean {
  const ks = Object.values(point.perSeed)
  return ks.length > 0 && 2 * ks.filter((k) => k !== null && k <= bound).length >= ks.length
}

/**
 * ICLR23 Theorem 8: k > 2d̂ suffices, so k* ≤ 2d̂ + 1 at every d̂. Central: the typical seed (at least half) gets there
 * at every d̂; auxiliary: every seed does (the all-seed k*, which the slowest seed decides).
 */
export function sufficiency(runs: readonly ClaimRun[]): ClaimOutcome {
  const points = pointsOf('iclr23-critical-length', runs).filter((p) => typeof p.value === 'number')
  if (points.length === 0) return notRun('No finished probe.')
  const bound = (p: SearchPoint) => 2 * (p.value as number) + 1
  const seedsText = (p: SearchPoint) => Object.entries(p.perSeed).map(([s, k]) => `${s}: ${kText(k)}`).join(', ')
  const typical = points.filter((p) => !typicalSeedWithin(p, bound(p)))
  const slowest = points.filter((p) => p.kStar === null || p.kStar > bound(p))
  const checks = [
    checkOf('typical-seed', 'central', 'k* ≤ 2d̂ + 1 for at least half the seeds at every d̂', typical.length === 0,
      typical.map((p) => `d̂ = ${String(p.value)}: seeds ${seedsText(p)}`).join('; ')),
    checkOf('every-seed', 'auxiliary', 'k* ≤ 2d̂ + 1 for every seed at every d̂', slowest.length === 0,
      slowest.map((p) => `d̂ = ${String(p.value)} (k* ${kText(p.kStar)}, seeds ${seedsText(p)})`).join('; ')),
  ]
  const numbers = points.flatMap((p) => [num(`k* at d̂ = ${String(p.value)}`, p.kStar, bound(p)), num(`2d̂ − k* at d̂ = ${String(p.value)}`, p.kStar === null ? null : 2 * (p.value as number) - p.kStar)])
  const sentence = `All-seed k* ≤ 2d̂ + 1 at ${points.length - slowest.length} of ${points.length} teacher dimensions, for half the seeds or more at ${points.length - typical.length} (k* = ${points.map((p) => `${kText(p.kStar)} at d̂ = ${String(p.value)}`).join(', ')}).`
  return outcomeOf(checks, sentence, numbers)
}

/** ICLR23 Fig. 4: k* is larger at init 1e-1 than at 1e-3 (central) and does not fall as the init scale grows (auxiliary); no transition in range counts as larger. */
export function initOrdering(runs: readonly ClaimRun[]): ClaimOutcome {
  const points = pointsOf('iclr23-critical-init', runs).filter((p) => typeof p.value === 'number').sort((a, b) => (a.value as number) - (b.value as number))
  const at = (scale: number) => points.find((p) => p.value === scale)
  if (points.length < 2 || !at(1e-3) || !at(1e-1)) return notRun('Needs k* at init 1e-3 and 1e-1.')
  const rank = (p: SearchPoint) => p.kStar ?? Infinity
  const nonDecreasing = points.every((p, i) => i === 0 || rank(p) >= rank(points[i - 1]))
  const larger = rank(at(1e-1)!) > rank(at(1e-3)!)
  const ks = points.map((p) => `${fmt(p.value as number)} → ${kText(p.kStar)}`).join(', ')
  const checks = [
    checkOf('larger-at-1e-1', 'central', 'k* larger at init 1e-1 than at 1e-3', larger, ks),
    checkOf('non-decreasing', 'auxiliary', 'k* non-decreasing in the init scale', nonDecreasing, ks),
  ]
  return outcomeOf(checks, `k* by init scale: ${ks}; ${nonDecreasing ? 'non-decreasing' : 'not monotone'}, and ${larger ? 'larger' : 'not larger'} at 1e-1 than at 1e-3.`,
    points.map((p) => num(`k* at init ${fmt(p.value as number)}`, p.kStar)))
}

/** AISTATS22 Fig. 5 turned around: at k = 5 a student extrapolates while d* < k, so the largest such d* is 4 (central, per student). */
export function largestDimension(runs: readonly ClaimRun[]): ClaimOutcome {
  const k = 5
  const points = pointsOf('aistats22-critical-dim', runs)
  if (points.length === 0) return notRun('No finished probe.')
  const checks = points.map((p) => checkOf(`d-star-${String(p.value)}`, 'central', `${String(p.value)} extrapolates up to d* = ${k - 1}`,
    p.kStar !== null && p.kStar >= k - 1, `largest d* ${kText(p.kStar)}`))
  return outcomeOf(checks, `Largest teacher dimension that extrapolates at k = ${k}: ${points.map((p) => `${String(p.value)} ${kText(p.kStar)}`).join(', ')} (the paper: up to d* = ${k - 1}).`,
    points.map((p) => num(`d* for ${String(p.value)}`, p.kStar, k - 1)))
}

const ratioFigure = (id: string, x: string, lineBy: string): FigureSpec => ({
  kind: 'metric-vs-param', id, title: 'Error / zero-solution error at the probed cells', x, y: 'error_ratio', lineBy: [lineBy], logY: true,
  references: [{ kind: 'y', at: 0.1, label: 'pass below 0.1' }],
})

export const criticalClaims: PresetClaims[] = [
  {
    presetId: 'iclr23-critical-length',
    paperId: 'ICLR23',
    figures: [ratioFigure('probes', 'data.length', 'teacher.dim')],
    claims: [{ id: 'k-star-below-2d', figure: 'probes', quote: 'when k > 2d̂ extrapolation error is low', section: 'ICLR23 §4–5, Theorem 8', central: 'k* ≤ 2d̂ + 1 for the typical seed at every teacher dimension', thresholds: [], check: (runs) => sufficiency(runs) }],
  },
  {
    presetId: 'iclr23-critical-init',
    paperId: 'ICLR23',
    figures: [{ kind: 'metric-vs-param', id: 'probes', title: 'Extrapolation error at the probed cells', x: 'data.length', y: 'extrapolation_error', lineBy: ['student.init.scale'], logY: true, references: [{ kind: 'y', at: 0.01, label: 'pass below 0.01' }] }],
    claims: [{ id: 'larger-init-longer-k', figure: 'probes', quote: 'a larger initialization scale requires a longer training sequence to extrapolate', section: 'ICLR23 App. A.1.2, Fig. 4', central: 'k* larger at init 1e-1 than at 1e-3', thresholds: [], check: (runs) => initOrdering(runs) }],
  },
  {
    presetId: 'aistats22-critical-dim',
    paperId: 'AISTATS22',
    figures: [ratioFigure('probes', 'teacher.dim', 'student.kind')],
    claims: [{ id: 'largest-dimension', figure: 'probes', quote: 'extrapolation is low while d* < k and high beyond', section: 'AISTATS22 §7, Fig. 5', central: 'every student extrapolates up to d* = k − 1', thresholds: [], check: (runs) => largestDimension(runs) }],
  },
]
