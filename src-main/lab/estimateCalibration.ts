/**
 * The calibration an estimate is made with: this machine's rates (costCalibration.ts), the store's finished runs of
 * each kind, the scheduler's measured fixed costs, the slowdown other processes cause right now, and the shapes of
 * the store's datasets (read from the store, not assumed).
 */
import { calibrate, measuredRunOverhead, type Calibration } from '../../src-shared/analysis/estimate'
import type { DatasetShape } from '../../src-shared/analysis/costModel'
import type { StoredDataset } from '../datasets/records'
import { specsFor } from '../store/results'
import { findDataset } from '../datasets/refs'
import type { Store } from '../store'
import { sweepSlowdown, type StoredMachineRates } from './costCalibration'

/** Finished runs read: enough that a kind run an hour ago is still found. */
const CALIBRATION_RUNS = 500

/** A stored dataset's shape: neuron columns are the inputs, behaviour columns the outputs. */
export function datasetShape(dataset: Pick<StoredDataset, 'meta'>): DatasetShape {
  const count = (role: string) => dataset.meta.columns.filter((c) => c.role === role).length
  return { inputs: count('neuron'), outputs: count('behavior'), rows: dataset.meta.rows }
}

/** A spec's dataset reference → its shape in this store; undefined for one not (yet) imported. */
export function storeDatasetShapes(store: Store): (ref: string) => DatasetShape | undefined {
  return (ref) => {
    try {
      const found = findDataset(store, ref)
      return found ? datasetShape(found) : undefined
    } catch {
      // an ambiguous name: planning reports it; the estimate assumes the typical shape
      return undefined
    }
  }
}

export function storeCalibration(store: Store, stored: StoredMachineRates, workers: number, slowdown = sweepSlowdown(workers)): Calibration {
  const recent = store.listRuns({ status: 'done', limit: CALIBRATION_RUNS, order: 'newest' }).runs
  const specs = specsFor(store.db, recent.map((r) => r.id))
  const finished = recent.flatMap((row) => {
    const spec = specs.get(row.id)
    return spec && row.elapsedMs ? [{ spec, elapsedMs: row.elapsedMs }] : []
  })
  const dataset = storeDatasetShapes(store)
  // finished runs measured the per-run overhead at their load; the worker probe measured it on a free core
  const runOverheadSeconds = measuredRunOverhead(recent) ?? (stored.worker ? stored.worker.runOverheadSeconds * slowdown : undefined)
  return {
    ...calibrate(stored.rates, finished, dataset),
    contention: slowdown,
    ...(runOverheadSeconds !== undefined ? { runOverheadSeconds } : {}),
    ...(stored.worker ? { workerStartSeconds: stored.worker.workerStartSeconds } : {}),
  }
}
