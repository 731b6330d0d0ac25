/** Run EMAMI21 Table 1's preset on a CSV recording as a user would: import it into a fresh store, run one variant. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { RunResult } from '../../src-shared/api/results'
import { Store } from '../../src-main/store/index'
import { importCsv, loadDatasetFile } from '../../src-main/datasets/index'
import { runExperiment } from '../../src-shared/experiments/index'
import { emami21Table1 } from '../../src-shared/presets/emami21'
import { parseExperimentSpec } from '../../src-shared/spec/experiment'
import { expandSweep } from '../../src-shared/spec/sweep'
import type { Scale } from '../../src-shared/spec/experiment'

export interface Table1Options {
  scale?: Scale
  /** 0: whole recording, 1: limited data. */
  variant?: number
  /** Overrides of the spec (shallow per section). */
  student?: Record<string, unknown>
  options?: Record<string, unknown>
}

export async function runTable1OnCsv(csv: string, o: Table1Options = {}): Promise<RunResult & { seconds: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'impulse-table1-'))
  try {
    const file = join(dir, 'recording.csv')
    writeFileSync(file, csv)
    const store = Store.open(join(dir, 'lab.db'))
    const { dataset } = await importCsv(store, file)
    const table = loadDatasetFile(join(store.dataDir, dataset.file))
    store.close()
    const base = expandSweep(emami21Table1.build(o.scale ?? 'quick'))[o.variant ?? 0].spec
    const spec = parseExperimentSpec({ ...base, student: { ...base.student, ...o.student }, options: { ...base.options, ...o.options }, data: { ...base.data, dataset: dataset.id } })
    const t0 = performance.now()
    const result = runExperiment(spec, { onProgress() {}, dataset: table })
    return { ...result, seconds: (performance.now() - t0) / 1000 }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
