/**
 * What a Reproduce card derives from a sweep's finished runs (claims with robustness, figures, table), kept per store
 * and sweep until a run finishes, is re-run or goes: robustness re-evaluates each claim hundreds of times, and a
 * refresh that changed nothing should cost nothing. Not a general cache: one entry per sweep, replaced on change.
 */
import type { Store } from '../store'
import type { StoredRun } from '../store/types'

/** The finished runs' identity: a run finished, failed after a re-run or deleted changes it. */
export function finishedKey(runs: readonly StoredRun[]): string {
  return runs
    .filter((r) => r.status === 'done')
    .map((r) => `${r.id}@${r.finishedAt ?? ''}`)
    .join(',')
}

const caches = new WeakMap<Store, Map<string, { key: string; value: unknown }>>()

/** `compute()` once per (sweep, scale, finished runs); the same value back while the key is unchanged. */
export function cachedForSweep<T>(store: Store, sweepId: string, scale: string, key: string, compute: () => T): T {
  let cache = caches.get(store)
  if (!cache) caches.set(store, (cache = new Map()))
  const slot = `${sweepId}|${scale}`
  const hit = cache.get(slot)
  if (hit && hit.key === key) return hit.value as T
  const value = compute()
  cache.set(slot, { key, value })
  return value
}
