/**
 * Builds the Reproduction (src-shared/api/reproduction.ts) from the store: for each preset the latest sweep at the
 * scale, its finished runs' metrics and series, the claims evaluated over them and the figures as data.
 */
import { claimsFor, evaluateClaims, presetVerdict, runSettings, type ClaimRun, type PaperId } from '../../src-shared/claims'
import { figureData } from '../../src-shared/claims/figureData'
import { r2Table } from '../../src-shared/claims/r2Table'
import { PAPER_TITLES, type Reproduction, type ReproductionCard, type ReproductionSweep } from '../../src-shared/api/reproduction'
import { presets } from '../../src-shared/presets'
import { presetScales, type Preset, type Scale } from '../../src-shared/spec/experiment'
import type { Store } from '../store'
import { cachedForSweep, finishedKey } from './claimCache'

const PAPER_ORDER: PaperId[] = ['AISTATS22', 'ICLR23', 'EMAMI21', 'PROCA']

function latestSweep(store: Store, presetId: string, scale: Scale): ReproductionSweep | null {
  const summary = store
    .listSweeps()
    .filter((s) => s.preset === presetId && s.scale === scale)
    .sort((a, b) => b.createdAt - a.createdAt)[0]
  if (!summary) return null
  const versions = [...new Set(store.sweepRuns(summary.id).map((r) => r.codeVersion).filter((v): v is string => v !== null))]
  return {
    id: summary.id,
    title: summary.title,
    createdAt: new Date(summary.createdAt).toISOString(),
    status: summary.status,
    counts: summary.counts,
    total: summary.total,
    spec: store.getSweep(summary.id)!.spec,
    codeVersion: versions.length ? versions.join(', ') : null,
  }
}

function finishedRuns(store: Store, sweepId: string): ClaimRun[] {
  const metrics = store.sweepMetrics(sweepId)
  return store
    .sweepRuns(sweepId)
    .filter((r) => r.status === 'done')
    .map((r) => {
      const spec = store.getRunSpec(r.id)
      const run: ClaimRun = { params: r.params, metrics: metrics.get(r.id) ?? {}, series: store.getSeries(r.id) }
      if (spec) run.settings = runSettings(spec)
      return run
    })
}

/** The card's parts read from the finished runs, cached until they change (claimCache.ts). */
function derived(store: Store, preset: Preset, sweep: ReproductionSweep | null, scale: Scale) {
  const compute = () => {
    const runs = sweep ? finishedRuns(store, sweep.id) : []
    const declared = claimsFor(preset.id)
    return {
      finishedRuns: runs.length,
      claims: evaluateClaims(preset.id, runs, scale, { robustness: true }),
      figures: runs.length && declared ? declared.figures.flatMap((f) => figureData(f, runs, scale)) : [],
      table: declared?.figures.some((f) => f.kind === 'r2-table') ? r2Table(runs, true) : null,
    }
  }
  return sweep ? cachedForSweep(store, sweep.id, scale, finishedKey(store.sweepRuns(sweep.id)), compute) : compute()
}

function reproductionCard(store: Store, preset: Preset, scale: Scale): ReproductionCard {
  const sweep = latestSweep(store, preset.id, scale)
  const { finishedRuns, claims, figures, table } = derived(store, preset, sweep, scale)
  return {
    presetId: preset.id,
    title: preset.title,
    figureName: preset.paper,
    needsDataset: preset.needsDataset ?? false,
    scales: presetScales(preset),
    sweep,
    finishedRuns,
    verdict: presetVerdict(claims),
    claims,
    figures,
    table,
    estimatedSeconds: null,
  }
}

/** Every preset that offers the scale (or those of them named), grouped by paper in the papers' order. */
export function buildReproduction(store: Store, scale: Scale, presetIds?: readonly string[]): Reproduction {
  const chosen = (presetIds?.length ? presets.filter((p) => presetIds.includes(p.id)) : presets).filter((p) => presetScales(p).includes(scale))
  const papers = PAPER_ORDER.map((paper) => ({
    paper,
    title: PAPER_TITLES[paper],
    cards: chosen.filter((p) => claimsFor(p.id)?.paperId === paper).map((p) => reproductionCard(store, p, scale)),
  })).filter((p) => p.cards.length > 0)
  return { scale, papers }
}
