/**
 * EMAMI21 Table 1 benchmark: one SGD epoch on S1 (192 minibatches of 128 windows, T = 15, 52 neurons → 2 velocities)
 * for the width-scaled RNN (n = 1000) through its impulse responses and for the Conv1D, beside the PyTorch reference
 * bench/reference/emami21_s1.py (the RNN unrolled over each minibatch, autograd, float64) run in the same process;
 * then the Fig. 1 and Table 1 presets end to end through the scheduler (presetSweeps).
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { basename, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { runExperiment } from '../../src-shared/experiments/index'
import { type ExperimentSpecInput, parseExperimentSpec } from '../../src-shared/spec/experiment'
import type { DatasetTable } from '../../src-shared/api/dataset'
import { emami21Fig1, emami21Table1 } from '../../src-shared/presets/emami21'
import { expandSweep } from '../../src-shared/spec/sweep'
import { Store } from '../store/index'
import { loadDatasetFile } from '../datasets/index'
import { datasetFileFor } from '../datasets/refs'
import type { BenchCase, BenchRow } from './types'
import { impulseStepFlops, RssSampler, simdPeakGflops } from './limits'
import { runPythonReference } from './python'
import { timeSweep } from './iclr23'
import { S1_RECORDING as S1 } from './s1'
import { chooseBackend } from '../engine/backend/choose'

const REFERENCE = fileURLToPath(new URL('../../bench/reference/emami21_s1.py', import.meta.url))
/** The S1 recording beside the checkout, or where IMPULSE_LAB_S1 says (a worktree elsewhere). */

/** Milliseconds of `steps` SGD steps of `models` on the whole-recording Table 1 spec (evaluation and ridge off). */
function timeSteps(table: DatasetTable, models: string[], width: number, steps: number): { ms: number; perEpoch: number; steps: number } {
  const base = expandSweep(emami21Table1.build('paper'))[0].spec
  const spec = parseExperimentSpec({
    ...base,
    data: { ...base.data, dataset: 's1' },
    student: { ...base.student, width },
    stopping: { ...base.stopping, maxSteps: steps },
    options: { models, ridge: false, evalEvery: 1_000_000 },
  })
  const { backend } = chooseBackend()
  const started = performance.now()
  const result = runExperiment(spec, { onProgress: () => {}, dataset: table, backend })
  return { ms: performance.now() - started, perEpoch: result.metrics.steps_per_epoch as number, steps: result.steps }
}

/**
 * Seconds per SGD step from the difference of two run lengths, so set-up (windows, statistics) cancels out; a first
 * run warms the JIT up (without it the short run pays for compilation and the difference can come out negative).
 */
function stepSeconds(table: DatasetTable, models: string[], width: number, steps: number): number {
  timeSteps(table, models, width, steps)
  const short = timeSteps(table, models, width, steps)
  const long = timeSteps(table, models, width, 2 * steps)
  // the steps actually taken: a convergence criterion may stop a run before maxSteps
  if (long.steps <= short.steps) throw new Error(`emami21 bench: ${models.join(', ')} stopped after ${long.steps} steps both times`)
  return (long.ms - short.ms) / (long.steps - short.steps) / 1000
}

export const emami21Bench: BenchCase = {
  name: 'emami21',
  async run() {
    if (!existsSync(S1)) return [{ case: 'emami21', name: 'S1 epoch', value: NaN, unit: 's/epoch', note: `${S1} not found: skipped` }]
    const dir = mkdtempSync(join(tmpdir(), 'impulse-bench-'))
    const store = Store.open(join(dir, 'bench.db'))
    let table: DatasetTable
    try {
      table = loadDatasetFile(await datasetFileFor(store, S1, 'import'))
    } finally {
      store.close()
      rmSync(dir, { recursive: true, force: true })
    }
    const reference = await runPythonReference(REFERENCE, ['--csv', S1, '--batches', '16', '--blas-threads', '1'], 900_000)
    const rss = new RssSampler()
    // An epoch as the reference counts it (every training window once: 192 minibatches), so both sides time the same
    // steps; the preset's own epoch is its fit split's (it holds 20% out for early stopping).
    const epochSteps = reference.ok ? Number(reference.output.batches_per_epoch) : timeSteps(table, ['conv1d'], 1000, 1).perEpoch
    const rnn = stepSeconds(table, ['rnn'], 1000, 16) * epochSteps
    const conv = stepSeconds(table, ['conv1d'], 1000, 192) * epochSteps
    // each step through 15 impulse-response matrices of the n = 1000 RNN (52 inputs, 2 outputs)
    const rnnGflops = (epochSteps * impulseStepFlops(1000, 15, 52, 2)) / 1e9 / rnn
    const note = reference.ok
      ? `torch ${String(reference.output.torch)}, ${reference.blas.split(', ').map((lib) => basename(lib)).join(', ')}, OPENBLAS_NUM_THREADS=1`
      : reference.reason
    const row = (name: string, value: number, key: string, gflops: number | null): BenchRow => {
      const ref = reference.ok ? Number(reference.output[key]) : null
      return {
        case: 'emami21', name, value, unit: 's/epoch', reference: ref, speedup: ref ? ref / value : null, note,
        gflops, peakGflops: simdPeakGflops('float64'), rssMb: rss.peakMb,
      }
    }
    return [
      row(`S1 epoch, width-scaled RNN n = 1000 (${epochSteps} × 128 windows, T = 15, 52 → 2)`, rnn, 'rnn_epoch_s', rnnGflops),
      row('S1 epoch, Conv1D (same batches)', conv, 'conv_epoch_s', null),
      ...(await presetSweeps(epochSteps)),
    ]
  },
}

const TABLE1_EPOCHS = 20

/**
 * Two EMAMI21 presets end to end through the scheduler's 2 workers: Fig. 1 at paper scale, and Table 1 at n = 1000
 * with every model on both recordings for TABLE1_EPOCHS epochs (the preset's own paper budget is far longer: it
 * trains until a held-out criterion or 40,000 steps). No PyTorch reference: the epoch rows above compare the step.
 */
async function presetSweeps(perEpoch: number): Promise<BenchRow[]> {
  const dir = mkdtempSync(join(tmpdir(), 'impulse-bench-'))
  try {
    const fig1 = await timeSweep(dir, emami21Fig1.build('paper'), emami21Fig1.id, 'paper', () => null)
    const sweep = emami21Table1.build('paper')
    const base = sweep.base as ExperimentSpecInput
    sweep.base = {
      ...base,
      data: { ...base.data, dataset: S1 },
      stopping: { ...base.stopping, maxSteps: TABLE1_EPOCHS * perEpoch },
    } as typeof sweep.base
    const table1 = await timeSweep(dir, sweep, emami21Table1.id, 'paper', () => null)
    return [
      { case: 'emami21', name: `Fig. 1 paper sweep (n = 1000, ${fig1.runs} runs), 2 workers, end to end`, value: fig1.wallS, unit: 's' },
      {
        case: 'emami21',
        name: `Table 1, n = 1000, every model, both recordings (${table1.runs} runs), ${TABLE1_EPOCHS} epochs, 2 workers, end to end`,
        value: table1.wallS,
        unit: 's',
        note: `${TABLE1_EPOCHS} × ${perEpoch} steps; the preset's paper budget is ${String(base.stopping?.maxSteps)} steps with held-out early stopping`,
      },
    ]
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
