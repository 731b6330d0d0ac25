/**
 * A boundary search on a Slurm cluster, one round at a time: the next round's probes go out as a job array (the
 * same job directory export-slurm writes, holding only those runs), `merge` adds the finished runs to the search's
 * sweep, and the next export (or `find --resume`) continues from the merged outcomes. Nothing here waits for Slurm.
 */
import { gridIndex, planSearch } from '../../src-shared/search'
import { parseSweepSpec, type SweepCheckOptions } from '../../src-shared/spec/sweep'
import { exportSlurmJob, type ExportedJob, type ExportOptions } from '../slurm/export'
import type { JobManifest } from '../slurm/jobDir'
import type { Store } from '../store/store'
import { addRound, loadSearch, saveSearchState, type SearchState } from '../store/searches'
import { nextProbes, probeHistory, stateOf } from './driveSearch'

export type RoundExport =
  | { kind: 'job'; sweepId: string; round: number; probes: number; job: ExportedJob }
  | { kind: 'done'; sweepId: string; state: SearchState }

/**
 * Write the search's next round as a Slurm job directory and record the round (its runs queued until merged). A
 * search with a round still unmerged is refused, so a round is never sent out twice; a finished search writes nothing.
 */
export async function exportSearchRound(
  store: Store,
  sweepId: string,
  options: Omit<ExportOptions, 'resolveDataset'> & { planOptions?: SweepCheckOptions; resolveDataset?: ExportOptions['resolveDataset'] },
): Promise<RoundExport> {
  const search = loadSearch(store, sweepId)
  if (!search) throw new Error(`no search "${sweepId}" in ${store.file}`)
  const sweep = store.getSweep(sweepId)!
  const plan = planSearch(search.input, options.planOptions)
  const unfinished = search.probes.filter((p) => p.status !== 'done')
  if (unfinished.length > 0) {
    throw new Error(
      `search ${sweepId}: round ${search.rounds} has ${unfinished.length} run${unfinished.length === 1 ? '' : 's'} without a result ` +
        `(merge its job directory with impulse-lab merge DIR, or run them here with impulse-lab find --resume ${sweepId})`,
    )
  }
  const { state, probes } = nextProbes(store, sweepId, plan, search)
  if (probes.length === 0) {
    return { kind: 'done', sweepId, state }
  }
  const round = search.rounds + 1
  const runs = probes.map((p) => plan.grid[gridIndex(plan.shape, p)])
  // The job directory first: a refused export (a bad --out, a Slurm value) leaves the search as it was.
  const job = await exportSlurmJob(
    { sweep: parseSweepSpec(plan.sweep), preset: sweep.preset, scale: sweep.scale, runs, search: { sweepId, round } },
    options,
  )
  addRound(store, sweepId, round, probes.map((p, i) => ({ run: runs[i], purpose: p.purpose })))
  saveSearchState(store, sweepId, 'searching', state)
  // Interrupted, not running: nothing local is working on it, and Resume (app) or find --resume continues it.
  store.setSweepStatus(sweepId, 'interrupted')
  return { kind: 'job', sweepId, round, probes: probes.length, job }
}

/**
 * The search sweep a round's job merges into: the manifest's search, checked to be this store's search with exactly
 * that round's probes, so a job never lands in another database's sweep that happens to share the id.
 */
export function searchRoundSweep(store: Store, manifest: JobManifest): string {
  const target = manifest.search!
  const search = loadSearch(store, target.sweepId)
  const where = `job ${manifest.jobId} (round ${target.round} of search ${target.sweepId})`
  if (!search) throw new Error(`${where}: ${store.file} has no such search (merge into the database the round was exported from)`)
  const indices = search.probes.filter((p) => p.round === target.round).map((p) => p.index).sort((a, b) => a - b)
  const expected = manifest.runs.map((r) => r.index).sort((a, b) => a - b)
  if (indices.join(',') !== expected.join(',')) {
    throw new Error(`${where}: the search's round ${target.round} in ${store.file} probed other cells (${indices.join(', ') || 'none'}; the job has ${expected.join(', ')})`)
  }
  return target.sweepId
}

/** After a merge: the search's saved result reflects the merged outcomes, and the sweep waits for the next round. */
export function afterSearchMerge(store: Store, sweepId: string, planOptions: SweepCheckOptions = {}): void {
  const search = loadSearch(store, sweepId)!
  // A round merged late (the search was finished here meanwhile) changes nothing: the finished search stays so.
  if (search.status === 'done') return
  const plan = planSearch(search.input, planOptions)
  saveSearchState(store, sweepId, 'searching', stateOf(plan, probeHistory(store, plan, search), null))
  store.setSweepStatus(sweepId, 'interrupted')
}
