/**
 * Every preset at paper scale, one after the other (`bench --case paper-all`): each through the real scheduler with
 * both cores' workers on a fresh store, its wall time end to end, and the sum against the budget of 20 minutes.
 * ICLR23 Fig. 2 (GRU) runs at lab scale (paper scale is hours of CPU); the boundary-search presets are left out (they
 * are `find` searches, not sweeps). Table 1 trains on the S1 recording: IMPULSE_LAB_S1 or ../shared/datasets (its
 * import is not timed); without it the row says so. The whole case takes about 50 minutes: `--only id,id` (or
 * IMPULSE_LAB_BENCH_ONLY=id,id) runs a subset; IMPULSE_LAB_BENCH_KEEP=dir keeps the stores.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { presets } from '../../src-shared/presets'
import { presetScales, type Preset, type Scale, type SweepSpecInput } from '../../src-shared/spec/experiment'
import { Scheduler } from '../runner'
import { Store } from '../store'
import { importCsv } from '../datasets'
import type { BenchCase, BenchRow } from './types'
import { S1_RECORDING as S1 } from './s1'

const CASE = 'paper-all'
const WORKERS = 2
const BUDGET_S = 20 * 60
/** Presets whose paper scale is out of reach on a workstation, and the scale the budget counts instead. */
const SCALE_FOR: Record<string, Scale> = { 'iclr23-fig2-gru': 'lab' }

/** The presets the case runs, with their scales, in the registry's order; `only` (ids) picks a subset. */
export function paperAllPlan(only: readonly string[] = []): Array<{ preset: Preset; scale: Scale }> {
  const sweeps = presets.filter((p) => !p.search)
  const unknown = only.filter((id) => !sweeps.some((p) => p.id === id))
  if (unknown.length > 0) throw new Error(`${CASE}: --only: no sweep preset ${unknown.map((id) => `"${id}"`).join(', ')} (ids: ${sweeps.map((p) => p.id).join(', ')})`)
  return sweeps
    .filter((p) => only.length === 0 || only.includes(p.id))
    .map((preset) => {
      const scale = SCALE_FOR[preset.id] ?? 'paper'
      if (!presetScales(preset).includes(scale)) throw new Error(`${CASE}: preset ${preset.id} has no ${scale} scale`)
      return { preset, scale }
    })
}

/** The ids from IMPULSE_LAB_BENCH_ONLY (comma-separated; the CLI's --only sets it). */
export const onlyFromEnv = (): string[] => (process.env.IMPULSE_LAB_BENCH_ONLY ?? '').split(',').map((s) => s.trim()).filter(Boolean)

async function timePreset(dir: string, preset: Preset, scale: Scale): Promise<BenchRow> {
  const store = Store.open(join(dir, `${preset.id}.db`))
  const scheduler = new Scheduler(store, { workers: WORKERS })
  const sweep = preset.build(scale) as SweepSpecInput & { base: { data?: Record<string, unknown> } }
  try {
    if (preset.needsDataset) {
      if (!existsSync(S1)) return { case: CASE, name: `${preset.id} (${scale})`, value: NaN, unit: 's', note: `${S1} not found (set IMPULSE_LAB_S1): skipped` }
      const { dataset } = await importCsv(store, S1)
      sweep.base = { ...sweep.base, data: { ...sweep.base.data, dataset: dataset.id } }
    }
    const started = performance.now()
    let peakRss = process.memoryUsage.rss()
    const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage.rss())), 1000)
    const { sweepId } = await scheduler.submit({ sweep, preset: preset.id, scale })
    const summary = await scheduler.waitForSweep(sweepId).finally(() => clearInterval(sampler))
    const wallS = (performance.now() - started) / 1000
    const others = Object.entries(summary.counts).filter(([status, n]) => status !== 'done' && n > 0)
    const row: BenchRow = {
      case: CASE,
      name: `${preset.id} (${scale}, ${summary.total} runs)`,
      value: wallS,
      unit: 's',
      rssMb: peakRss / 2 ** 20,
      // the load average says how far a shared machine's wall time is from an idle one's
      note: (others.length > 0 ? `not done: ${others.map(([s, n]) => `${n} ${s}`).join(', ')}` : `${summary.counts.done} runs done, ${WORKERS} workers`) +
        `; load average ${loadavg()[0].toFixed(1)} at the end`,
    }
    // one line per preset as it finishes: the whole case takes long
    process.stderr.write(`${CASE}: ${row.name}: ${wallS.toFixed(1)} s${others.length > 0 ? ` (${row.note})` : ''}\n`)
    return row
  } finally {
    await scheduler.dispose()
    store.close()
  }
}

export const paperAllBench: BenchCase = {
  name: CASE,
  onlyWhenNamed: true,
  async run() {
    const plan = paperAllPlan(onlyFromEnv())
    // IMPULSE_LAB_BENCH_KEEP=dir keeps each preset's store there (to read its verdicts: `impulse-lab verdicts --db`)
    const keep = process.env.IMPULSE_LAB_BENCH_KEEP
    if (keep) mkdirSync(keep, { recursive: true })
    const dir = keep || mkdtempSync(join(tmpdir(), 'impulse-lab-bench-paper-'))
    try {
      const rows: BenchRow[] = []
      for (const { preset, scale } of plan) rows.push(await timePreset(dir, preset, scale))
      const timed = rows.filter((r) => Number.isFinite(r.value))
      const sum = timed.reduce((s, r) => s + r.value, 0)
      const all = plan.length === presets.filter((p) => !p.search).length && timed.length === rows.length
      rows.push({
        case: CASE,
        name: `sum of ${timed.length} preset${timed.length === 1 ? '' : 's'}${all ? ' (every preset)' : ` of ${presets.filter((p) => !p.search).length} (a subset)`}`,
        value: sum,
        unit: 's',
        note: `goal ≤ ${BUDGET_S / 60} min for every preset: ${(sum / 60).toFixed(1)} min${all ? (sum <= BUDGET_S ? ', within' : ', over') : ''}`,
      })
      return rows
    } finally {
      if (!keep) rmSync(dir, { recursive: true, force: true })
    }
  },
}
