/** The boundary search's part of the lab API: its request shape (validated where it crosses a process) and answers. */
import { z } from 'zod'
import type { KStarData, PhaseDiagramData } from '../charts/searchFigures'
import type { SearchPoint } from '../search/report'

const Axis = z.object({ path: z.string().min(1).max(200), values: z.array(z.unknown()).min(1).max(10_000) })

/** What the Sweep builder's "Find transition" mode sends: a base spec, the two axes, seeds and settings. */
export const SearchRequest = z.object({
  title: z.string().max(500).optional(),
  base: z.record(z.string(), z.unknown()),
  outer: Axis.nullable(),
  inner: Axis,
  seeds: z.array(z.number().int().min(0)).min(1).max(10_000),
  settings: z
    .object({
      until: z.string().min(1).max(500).optional(),
      direction: z.enum(['up', 'down']).optional(),
      perRound: z.number().int().min(1).max(64).optional(),
    })
    .default({}),
})
export type SearchRequest = z.input<typeof SearchRequest>

export interface SearchBudget {
  /** Runs of the full grid over the same axes and seeds. */
  gridRuns: number
  /** The most a search with monotone outcomes runs: per outer value and seed, the bisection's probes and its verification. */
  maxRuns: number
  /** Time for maxRuns at the calibrated per-run time on the available workers. */
  estimatedSeconds: number
  workers: number
}

export interface SearchView {
  sweepId: string
  status: 'searching' | 'done' | 'stopped'
  outer: string | null
  inner: string
  until: string
  points: SearchPoint[]
  runs: number
  gridRuns: number
  rounds: number
  figures: { phase: PhaseDiagramData; byOuter: KStarData | null; byOrder: KStarData | null } | null
}
