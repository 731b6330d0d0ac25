/**
 * The data behind a search's figures, read from the store: probed cells with their log error ratio, k* per outer
 * value, and each seed's k* against its teacher's effective order (Hankel singular values of the stored teacher
 * impulse response above 1e-3 of the largest, as the teacher designer counts them).
 */
import type { KStarData, PhaseDiagramData, ProbedCell } from '../../src-shared/charts/searchFigures'
import { parsePredicate, planSearch, probeAt } from '../../src-shared/search'
import { effectiveDimension, hankelSingularValues } from '../lab/teacherPreview'
import { findPreset } from '../../src-shared/presets'
import { loadSearch } from '../store/searches'
import type { Store } from '../store/store'

export interface SearchFigureData {
  phase: PhaseDiagramData
  byOuter: KStarData | null
  byOrder: KStarData | null
}

const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : null)

export function searchFigureData(store: Store, sweepId: string): SearchFigureData | null {
  const search = loadSearch(store, sweepId)
  if (!search) return null
  const plan = planSearch(search.input)
  const presetId = store.getSweep(sweepId)?.preset
  const preset = presetId ? findPreset(presetId) : undefined
  const predicate = parsePredicate(plan.settings.until)
  const metrics = store.sweepMetrics(sweepId)
  const points = search.state?.points ?? []
  const cells = new Map<string, ProbedCell & { sum: number; n: number }>()
  const orders = new Map<string, number>()
  for (const probe of search.probes) {
    if (probe.status !== 'done') continue
    const at = probeAt(plan.shape, probe.index)
    const m = metrics.get(probe.runId) ?? {}
    const outer = plan.outer ? plan.outer.values[at.outer] : null
    const key = `${at.outer}:${at.inner}`
    const cell = cells.get(key) ?? { outer, inner: plan.inner.values[at.inner], logRatio: null, passes: 0, probes: 0, sum: 0, n: 0 }
    const ratio = num(m.input_error_ratio) ?? num(m.error_ratio)
    if (ratio !== null && ratio > 0) [cell.sum, cell.n] = [cell.sum + Math.log10(ratio), cell.n + 1]
    cell.logRatio = cell.n > 0 ? cell.sum / cell.n : null
    cell.probes++
    if (predicate.holds(m)) cell.passes++
    cells.set(key, cell)
    const chain = `${at.outer}:${at.seed}`
    if (!orders.has(chain)) {
      const impulse = store.getSeries(probe.runId, ['impulse_teacher']).impulse_teacher?.y
      if (impulse) orders.set(chain, effectiveDimension(hankelSingularValues(impulse)))
    }
  }
  const phase: PhaseDiagramData = {
    outerPath: plan.outer?.path ?? null,
    innerPath: plan.inner.path,
    outerValues: plan.outer?.values ?? [null],
    innerValues: plan.inner.values,
    cells: [...cells.values()].map(({ sum: _s, n: _n, ...cell }) => cell),
    points,
  }
  const numericOuter = plan.outer !== null && plan.outer.values.every((v) => typeof v === 'number')
  const dimensionLike = (path: string | undefined) => path === 'teacher.dim'
  const byOuter: KStarData | null = numericOuter
    ? {
        xName: plan.outer!.path,
        innerName: plan.inner.path,
        twiceX: dimensionLike(plan.outer!.path) && plan.inner.path === 'data.length',
        // The paper's own points belong to its preset's axes; a search that overrides them draws none.
        ...(preset?.paperKStar && preset.search?.outer === plan.outer!.path && preset.search?.inner === plan.inner.path ? { paper: preset.paperKStar } : {}),
        points: points.map((p) => ({ x: p.value as number, kStar: p.kStar, bracket: p.bracket, perSeed: Object.values(p.perSeed).map((k) => ({ x: p.value as number, k })) })),
      }
    : null
  // Each seed's k* at its teacher's effective order; the line is, per order, the largest k* (every seed there passes).
  const seedPoints = points.flatMap((p, o) => plan.seeds.map((seed, s) => ({ x: orders.get(`${o}:${s}`), k: p.perSeed[String(seed)] ?? null }))).filter((q): q is { x: number; k: number | null } => q.x !== undefined)
  const byOrderMap = new Map<number, Array<number | null>>()
  for (const q of seedPoints) byOrderMap.set(q.x, [...(byOrderMap.get(q.x) ?? []), q.k])
  const byOrder: KStarData | null =
    seedPoints.length > 0 && plan.inner.path === 'data.length'
      ? {
          xName: 'teacher effective order (Hankel rank)',
          innerName: plan.inner.path,
          twiceX: true,
          points: [...byOrderMap].sort((a, b) => a[0] - b[0]).map(([x, ks]) => ({
            x,
            kStar: ks.some((k) => k === null) ? null : Math.max(...(ks as number[])),
            bracket: [null, null],
            perSeed: ks.map((k) => ({ x, k })),
          })),
        }
      : null
  return { phase, byOuter, byOrder }
}
