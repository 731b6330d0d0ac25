/**
 * The order a sweep's runs are queued in: longest first, by the cost model's seconds for each (at the built-in rates:
 * only the order matters). With two workers, a sweep queued in index order can end on its longest runs, one worker
 * training while the other idles; longest-first leaves only short runs for the end. Runs of equal cost keep their
 * index order, and no run's result depends on when it trains.
 */
import { PROVISIONAL_MACHINE_RATES, runWork, workSeconds } from '../../src-shared/analysis/costModel'
import type { ExperimentSpec } from '../../src-shared/spec/experiment'

export function longestFirst(runIds: readonly string[], specOf: (runId: string) => ExperimentSpec | undefined): string[] {
  const cost = new Map(runIds.map((id) => {
    const spec = specOf(id)
    const seconds = spec ? workSeconds(runWork(spec), PROVISIONAL_MACHINE_RATES) : 0
    return [id, Number.isFinite(seconds) ? seconds : 0]
  }))
  // Array.prototype.sort is stable: equal costs stay in index order
  return [...runIds].sort((a, b) => cost.get(b)! - cost.get(a)!)
}
