/**
 * The datasets a sweep names, checked before the sweep is stored: each `data.dataset` must be a dataset of this store
 * (id or name) or a CSV file to import on first use. Otherwise the sweep would be stored with every run bound to fail.
 */
import { statSync } from 'node:fs'
import { SpecError, type ExperimentSpec } from '../../src-shared/spec/experiment'
import { formatIssues, type SpecIssue } from '../../src-shared/spec/issues'
import type { Store } from '../store/store'
import { findDataset } from './index'

const isRegularFile = (path: string) => {
  try {
    return statSync(path).isFile()
  } catch {
    return false
  }
}

/** Throws a SpecError naming each `data.dataset` no run could load (and a run using it). */
export function assertDatasetsExist(store: Store, runs: ReadonlyArray<{ params: Record<string, unknown>; spec: ExperimentSpec }>, where = 'sweep'): void {
  const checked = new Set<string>()
  const issues: SpecIssue[] = []
  for (const run of runs) {
    const ref = run.spec.data.dataset
    if (ref === undefined || checked.has(ref)) continue
    checked.add(ref)
    let known: boolean
    try {
      known = findDataset(store, ref) !== undefined || isRegularFile(ref)
    } catch (error) {
      issues.push({ path: 'data.dataset', message: (error as Error).message })
      continue
    }
    if (!known) issues.push({ path: 'data.dataset', message: `"${ref}" is neither a dataset id or name in this store nor a CSV file (nothing was stored)` })
  }
  if (issues.length > 0) throw new SpecError(formatIssues(issues, where))
}
