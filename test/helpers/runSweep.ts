/** Run a sweep in-process (no store, no workers): expandSweep + runExperiment, for reproduction tests. */
import type { RunResult } from '../../src-shared/api/results'
import { runExperiment } from '../../src-shared/experiments'
import type { SweepSpecInput } from '../../src-shared/spec/experiment'
import { applyOverrides, expandSweep } from '../../src-shared/spec/sweep'
import { testContext } from './backends'

export interface FinishedRun {
  params: Record<string, unknown>
  result: RunResult
}

export function runSweep(sweep: SweepSpecInput, overrides: Record<string, unknown> = {}): FinishedRun[] {
  return expandSweep(applyOverrides(sweep, overrides)).map((run) => ({
    params: run.params,
    result: runExperiment(run.spec, testContext),
  }))
}

export function metric(run: FinishedRun, name: string): number {
  const value = run.result.metrics[name]
  if (typeof value !== 'number') throw new Error(`metric ${name}: expected a number, got ${JSON.stringify(value)}`)
  return value
}

export function metricArray(run: FinishedRun, name: string): number[] {
  const value = run.result.metrics[name]
  if (!Array.isArray(value)) throw new Error(`metric ${name}: expected an array, got ${JSON.stringify(value)}`)
  return value
}

/** Runs grouped by one swept parameter, in sweep order. */
export function groupBy(runs: FinishedRun[], param: string): Map<unknown, FinishedRun[]> {
  const groups = new Map<unknown, FinishedRun[]>()
  for (const run of runs) {
    const key = run.params[param]
    if (!groups.has(key)) groups.set(key, [])
    groups.get(key)!.push(run)
  }
  return groups
}

export const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length
