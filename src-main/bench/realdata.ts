/**
 * EMAMI21 Table 1 on a family of recordings (`bench --case realdata`): synthetic recordings with a known linear
 * decoder and S1 transformed (neurons ×3, counts ×10, half dropped). Per recording and model: test R² beside the
 * cross-validated ridge decoder, the starting step size, back-offs, whether it converged; and the wall time.
 * Paper scale by default; IMPULSE_LAB_BENCH_SCALE=quick for a short pass; IMPULSE_LAB_BENCH_ONLY=text runs only the
 * recordings whose label contains it (e.g. "300 units", "S1 counts").
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { RunResult } from '../../src-shared/api/results'
import { linearRecordingCsv, type LinearRecordingOptions } from '../../src-shared/data/linearRecording'
import { transformRecordingCsv, type RecordingTransform } from '../../src-shared/data/recordingTransforms'
import { runExperiment } from '../../src-shared/experiments/index'
import { emami21Table1 } from '../../src-shared/presets/emami21'
import { parseExperimentSpec, type Scale } from '../../src-shared/spec/experiment'
import { expandSweep } from '../../src-shared/spec/sweep'
import { importCsv, loadDatasetFile } from '../datasets/index'
import { Store } from '../store/index'
import type { BenchCase, BenchRow } from './types'
import { S1_RECORDING as S1 } from './s1'
import { chooseBackend } from '../engine/backend/choose'

const MODELS = ['rnn', 'scaled_conv1d', 'conv1d'] as const

export interface Table1Overrides {
  scale?: Scale
  /** 0: whole recording, 1: limited data. */
  variant?: number
  student?: Record<string, unknown>
  options?: Record<string, unknown>
  stopping?: Record<string, unknown>
  data?: Record<string, unknown>
}

/** Import CSV text into a fresh store, as a user would, and run one variant of the Table 1 preset on it. */
export async function runTable1OnCsv(csv: string, o: Table1Overrides = {}): Promise<RunResult & { seconds: number; cpuSeconds: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'impulse-table1-'))
  try {
    const file = join(dir, 'recording.csv')
    writeFileSync(file, csv)
    const store = Store.open(join(dir, 'lab.db'))
    const { dataset } = await importCsv(store, file)
    const table = loadDatasetFile(join(store.dataDir, dataset.file))
    store.close()
    const base = expandSweep(emami21Table1.build(o.scale ?? 'quick'))[o.variant ?? 0].spec
    const spec = parseExperimentSpec({ ...base, student: { ...base.student, ...o.student }, options: { ...base.options, ...o.options }, stopping: { ...base.stopping, ...o.stopping }, data: { ...base.data, ...o.data, dataset: dataset.id } })
    const { backend } = chooseBackend()
    const t0 = performance.now()
    const c0 = process.cpuUsage()
    const result = runExperiment(spec, { onProgress() {}, dataset: table, backend })
    const cpu = process.cpuUsage(c0)
    // CPU time beside wall time: on a shared machine the wall time is an upper bound.
    return { ...result, seconds: (performance.now() - t0) / 1000, cpuSeconds: (cpu.user + cpu.system) / 1e6 }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

const FAMILY: Array<[string, LinearRecordingOptions]> = [
  ['synthetic 20 units, 0.1/bin, 1 output, R²* 0.6', { neurons: 20, rate: 0.1, outputs: 1, constantOutput: false, ceiling: 0.6, rows: 20_000, seed: 1 }],
  ['synthetic 60 units, 10/bin, 2 outputs + constant, R²* 0.9', { neurons: 60, rate: 10, outputs: 2, constantOutput: true, ceiling: 0.9, rows: 20_000, seed: 1 }],
  ['synthetic 120 units, 1/bin, 3 outputs + constant, R²* 0.3', { neurons: 120, rate: 1, outputs: 3, constantOutput: true, ceiling: 0.3, rows: 20_000, seed: 1 }],
  ['synthetic 300 units, 3/bin, 2 outputs, R²* 0.8', { neurons: 300, rate: 3, outputs: 2, constantOutput: false, ceiling: 0.8, rows: 30_000, seed: 1 }],
]
const TRANSFORMS: RecordingTransform[] = ['neurons x3', 'counts x10', 'half dropped']

function rows(label: string, r: RunResult & { seconds: number; cpuSeconds: number }): BenchRow[] {
  const m = r.metrics as Record<string, unknown>
  // One line per recording as it finishes: the whole case takes long, and a stopped run still shows what it measured.
  process.stderr.write(`realdata: ${label}: ${r.failure ?? JSON.stringify({ ridge: m.r2_ridge, ls: m.r2_least_squares, rnn: m.r2_rnn, scaled: m.r2_scaled_conv1d, conv: m.r2_conv1d })} (${r.seconds.toFixed(0)} s wall, ${r.cpuSeconds.toFixed(0)} s CPU, ${r.steps} steps)\n`)
  if (r.failure) return [{ case: 'realdata', name: label, value: NaN, unit: 'R²', note: r.failure }]
  const ridge = (m.r2_ridge ?? {}) as Record<string, number | null>
  const targets = Object.keys(ridge).filter((t) => ridge[t] !== null)
  const out: BenchRow[] = targets.map((t) => ({ case: 'realdata', name: `${label}: ridge, ${t}`, value: ridge[t]!, unit: 'R²' }))
  const ls = (m.r2_least_squares ?? {}) as Record<string, number | null>
  for (const t of targets) if (ls[t] != null) out.push({ case: 'realdata', name: `${label}: least squares, ${t}`, value: ls[t]!, unit: 'R²', note: 'unregularized, on the fit windows: where GD on the Conv1D converges' })
  for (const model of MODELS) {
    const r2 = (m[`r2_${model}`] ?? {}) as Record<string, number | null>
    // Where the held-out loss was lowest, and how far above that it ended: a rise says over-fitted, none says not.
    const held = r.series[`held_out_loss_${model}`]?.y ?? []
    const rise = held.length ? `, held-out loss at the end ${(held.at(-1)! / Math.min(...held)).toFixed(4)}× its best` : ''
    const note = `lr ${Number(m[`lr_${model}`]).toPrecision(3)}, back-offs ${m[`backoffs_${model}`]}, plateau halvings ${m[`plateau_decays_${model}`] ?? 0}, epochs ${Number(m[`epochs_${model}`]).toFixed(1)} (best ${Number(m[`best_epoch_${model}`]).toFixed(1)}${rise}), converged ${m[`converged_${model}`]}`
    for (const t of targets) out.push({ case: 'realdata', name: `${label}: ${model}, ${t}`, value: r2[t] ?? NaN, unit: 'R²', note: `${note}; ridge − model ${(ridge[t]! - (r2[t] ?? NaN)).toFixed(3)}${ls[t] != null ? `, least squares − model ${(ls[t]! - (r2[t] ?? NaN)).toFixed(3)}` : ''}` })
  }
  const whitened = m.whiten_shrinkage != null ? `; neurons whitened (ε ${m.whiten_shrinkage}), covariance condition ${Number(m.input_condition_raw).toPrecision(3)} → ${Number(m.input_condition).toPrecision(3)}` : ''
  out.push({ case: 'realdata', name: `${label}: wall time`, value: r.seconds, unit: 's', note: `${r.steps} steps${whitened}` })
  out.push({ case: 'realdata', name: `${label}: CPU time`, value: r.cpuSeconds, unit: 's' })
  return out
}

export const realdataBench: BenchCase = {
  name: 'realdata',
  async run() {
    const scale: Scale = process.env.IMPULSE_LAB_BENCH_SCALE === 'quick' ? 'quick' : 'paper'
    const only = process.env.IMPULSE_LAB_BENCH_ONLY
    // Matched against the label as reported, with its scale: "S1 (" selects S1 alone, "S1 " its transforms too.
    const wanted = (label: string) => !only || `${label} (${scale})`.includes(only)
    const out: BenchRow[] = []
    for (const [label, options] of FAMILY) if (wanted(label)) out.push(...rows(`${label} (${scale})`, await runTable1OnCsv(linearRecordingCsv(options).csv, { scale })))
    const s1Labels = ['S1', ...TRANSFORMS.map((how) => `S1 ${how}`)].filter(wanted)
    if (s1Labels.length === 0) return out
    if (!existsSync(S1)) return [...out, { case: 'realdata', name: 'S1 transforms', value: NaN, unit: 'R²', note: `${S1} not found: skipped` }]
    const s1 = readFileSync(S1, 'utf8')
    if (wanted('S1')) out.push(...rows(`S1 (${scale})`, await runTable1OnCsv(s1, { scale })))
    for (const how of TRANSFORMS) if (wanted(`S1 ${how}`)) out.push(...rows(`S1 ${how} (${scale})`, await runTable1OnCsv(transformRecordingCsv(s1, how), { scale })))
    return out
  },
}
