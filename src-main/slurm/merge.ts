/**
 * `impulse-lab merge DIR`: bring a Slurm job's finished tasks into the store as one sweep. Idempotent: the sweep is
 * found again by the job id recorded in its spec (`source`), runs already done are left alone, and a merge that
 * changes nothing writes nothing. Runs without a result stay queued (the sweep is marked interrupted, so
 * `impulse-lab resume` can also finish them locally).
 */
import { resolve } from 'node:path'
import type { ClusterMerge } from '../../src-shared/api/lab'
import type { RunResult } from '../../src-shared/api/results'
import type { Store } from '../store/store'
import { afterSearchMerge, searchRoundSweep } from '../search/slurmRound'
import { readManifest, readTaskStates } from './jobDir'

/** The shared API type is the source: the app returns this report as it is. */
export type MergeReport = ClusterMerge

type Outcome =
  | { kind: 'done'; result: RunResult; elapsedMs: number; codeVersion: string }
  | { kind: 'failed'; reason: string }
  | { kind: 'missing' }

function findSweep(store: Store, jobId: string): string | undefined {
  const row = store.db.prepare(`SELECT id FROM sweeps WHERE json_extract(spec, '$.source.jobId') = ?`).get(jobId) as
    | { id: string }
    | undefined
  return row?.id
}

export function mergeSlurmJob(store: Store, jobDir: string): MergeReport {
  const dir = resolve(jobDir)
  const manifest = readManifest(dir)
  const states = readTaskStates(dir, manifest)
  const outcomes = new Map<number, Outcome>()
  const report: Omit<MergeReport, 'sweepId' | 'created' | 'done' | 'imported'> = {
    jobId: manifest.jobId,
    dir,
    runs: manifest.runs.length,
    failed: [],
    missing: [],
    warnings: [],
  }
  const versions = new Set<string>()
  for (const state of states) {
    const indices = manifest.tasks[state.task]
    if (state.state !== 'finished') {
      report.missing.push({ task: state.task, indices, reason: state.state === 'missing' ? 'no result file' : state.reason })
      continue
    }
    versions.add(state.result.codeVersion)
    for (const run of state.result.runs) {
      if (!indices.includes(run.index)) {
        report.warnings.push(`task ${state.task} reports run ${run.index}, which job.json gives to another task: ignored`)
        continue
      }
      if (run.status === 'done') {
        outcomes.set(run.index, { kind: 'done', result: run.result, elapsedMs: run.elapsedMs, codeVersion: state.result.codeVersion })
      } else {
        outcomes.set(run.index, { kind: 'failed', reason: run.reason })
        report.failed.push({ task: state.task, index: run.index, reason: run.reason })
      }
    }
  }
  for (const version of versions) {
    if (version !== manifest.codeVersion) {
      report.warnings.push(`some tasks ran code ${version}, the job was exported from ${manifest.codeVersion}`)
    }
  }

  const merged = store.transaction(() => {
    // A search round's job adds its runs to the search's sweep, which already holds them as queued probes.
    let sweepId = manifest.search ? searchRoundSweep(store, manifest) : findSweep(store, manifest.jobId)
    const created = sweepId === undefined
    if (sweepId === undefined) {
      sweepId = store.createSweep({
        preset: manifest.preset,
        scale: manifest.scale,
        title: manifest.title,
        spec: { ...manifest.sweep, source: { kind: 'slurm', jobId: manifest.jobId, dir } },
        runs: manifest.runs,
      }).sweep.id
    }
    const rows = store.sweepRuns(sweepId)
    // Only unfinished runs can change: to done (a result arrived) or to failed with a new reason.
    const changes = rows.filter((row) => {
      if (row.status === 'done' || row.status === 'running') return false
      const outcome = outcomes.get(row.index)
      if (outcome?.kind === 'done') return true
      if (outcome?.kind === 'failed') return row.status !== 'failed' || row.reason !== outcome.reason
      return false
    })
    let imported = 0
    if (changes.length > 0) {
      // claimRun/failRun start from queued, so unfinished runs go back to queued first; runs without a result stay so.
      store.requeueUnfinished(sweepId)
      for (const row of rows) {
        if (row.status === 'done' || row.status === 'running') continue
        const outcome = outcomes.get(row.index)
        if (outcome?.kind === 'done') {
          store.claimRun(row.id, outcome.codeVersion)
          if (store.finishRun(row.id, outcome.result, outcome.elapsedMs)) imported++
        } else if (outcome?.kind === 'failed') {
          store.failRun(row.id, outcome.reason)
        }
      }
    }
    const after = store.sweepRuns(sweepId)
    // A search's sweep also holds earlier rounds: count only this job's runs.
    const jobIndices = new Set(manifest.runs.map((r) => r.index))
    const done = after.filter((r) => r.status === 'done' && jobIndices.has(r.index)).length
    if (after.some((r) => r.status === 'queued')) store.setSweepStatus(sweepId, 'interrupted')
    else store.settleSweepStatus(sweepId)
    return { ...report, sweepId, created, done, imported }
  })
  if (manifest.search) afterSearchMerge(store, merged.sweepId)
  return merged
}
