/**
 * Sweeps that come over the API (browser mode, the desktop app) name their datasets by stored id or name only; a
 * path is refused before anything is stored, so no run of theirs opens a file outside the store.
 */
import type { PlannedRun } from '../../src-shared/spec/sweep'
import { SpecError } from '../../src-shared/spec/experiment'
import { findDataset } from '../datasets'
import type { Store } from '../store'

export function requireStoredDatasets(store: Store, runs: readonly PlannedRun[]): void {
  const refs = new Set(runs.map((r) => r.spec.data.dataset).filter((ref): ref is string => ref !== undefined))
  for (const ref of refs) {
    if (!findDataset(store, ref)) throw new SpecError(`data.dataset: "${ref}" is not a dataset id or name in this store (import the file first; over the API a dataset is never a path)`)
  }
}
