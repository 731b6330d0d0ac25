/**
 * Estimate against actual for finished sweeps: the wall-clock estimate the lab gave when a sweep was launched, kept
 * in a small JSON file in the store's folder (the store's tables are not widened for it), beside the sweep's measured
 * wall time from its first run's start to its last run's end.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { z } from 'zod'
import type { Store } from '../store'

const FILE = 'sweep-estimates.json'
const Estimates = z.record(z.string(), z.number().nonnegative())

export interface SweepTiming {
  /** What the lab estimated at launch; null for a sweep launched elsewhere (the CLI, a Slurm merge). */
  estimatedSeconds: number | null
  actualSeconds: number
}

export class SweepEstimates {
  private readonly file: string
  private estimates: Record<string, number> | null = null

  constructor(dataDir: string) {
    this.file = join(dataDir, FILE)
  }

  private load(): Record<string, number> {
    if (this.estimates) return this.estimates
    let parsed: Record<string, number> = {}
    try {
      if (existsSync(this.file)) parsed = Estimates.parse(JSON.parse(readFileSync(this.file, 'utf8')))
    } catch {
      // a damaged file only costs the comparison for earlier sweeps
    }
    return (this.estimates = parsed)
  }

  record(sweepId: string, seconds: number): void {
    const estimates = this.load()
    estimates[sweepId] = seconds
    // the store's folder holds nothing else until its first dataset: made here when the estimate comes first
    mkdirSync(dirname(this.file), { recursive: true })
    writeFileSync(this.file, JSON.stringify(estimates))
  }

  /** A finished sweep's estimate and wall time; null while it has unfinished runs or never ran. */
  timing(store: Store, sweepId: string): SweepTiming | null {
    const row = store.db
      .prepare(`SELECT MIN(started_at) AS started, MAX(finished_at) AS finished,
                       SUM(status IN ('queued', 'running')) AS open FROM runs WHERE sweep_id = ?`)
      .get(sweepId) as { started: number | null; finished: number | null; open: number | null }
    if (row.open || row.started === null || row.finished === null) return null
    return { estimatedSeconds: this.load()[sweepId] ?? null, actualSeconds: Math.max(0, row.finished - row.started) / 1000 }
  }
}
