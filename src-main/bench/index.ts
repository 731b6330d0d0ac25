/**
 * The benchmark harness (`impulse-lab bench`, `npm run bench`): a registry of cases, each returning rows of figures,
 * printed as a table or JSON. Each model family adds src-main/bench/<family>.ts and one line to `benchCases`.
 */
import { emami21Bench } from './emami21'
import { gatedBench } from './gated'
import { iclr23Bench } from './iclr23'
import { iclr23Fig1bBench } from './iclr23Fig1b'
import { linearBench } from './linear'
import { kernelsBench } from './kernels'
import { uiBench } from './ui'
import { runs100kBench } from './runs100k'
import { searchBench } from './search'
import { estimatesBench } from './estimates'
import { realdataBench } from './realdata'
import { resultsBench } from './results'
import { paperAllBench } from './paperAll'
import type { BenchCase, BenchRow } from './types'

export type { BenchCase, BenchRow } from './types'

export const benchCases: BenchCase[] = [linearBench, kernelsBench, iclr23Bench, iclr23Fig1bBench, gatedBench, emami21Bench, uiBench, runs100kBench, searchBench, estimatesBench, realdataBench, resultsBench, paperAllBench]

interface BenchReport {
  rows: BenchRow[]
  /** Cases that threw, with the message (the other cases still report). */
  errors: Array<{ case: string; message: string }>
}

/** Run the cases whose name contains one of `filters` (all when empty), one after the other. */
export async function runBench(filters: string[] = [], onCase?: (name: string) => void): Promise<BenchReport> {
  const report: BenchReport = { rows: [], errors: [] }
  for (const benchCase of benchCases) {
    if (filters.length > 0 && !filters.some((f) => benchCase.name.includes(f))) continue
    if (filters.length === 0 && benchCase.onlyWhenNamed) continue
    onCase?.(benchCase.name)
    try {
      report.rows.push(...(await benchCase.run()))
    } catch (error) {
      report.errors.push({ case: benchCase.name, message: error instanceof Error ? error.message : String(error) })
    }
  }
  return report
}

/** Figures with three significant digits: benchmark noise makes more digits meaningless. */
export function formatFigure(x: number | null | undefined): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return ''
  return x >= 1000 ? Math.round(x).toLocaleString('en-US') : String(Number(x.toPrecision(3)))
}
