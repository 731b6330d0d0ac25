/**
 * EMAMI21 Table 1 benchmark: one SGD epoch on S1 (192 minibatches of 128 windows, T = 15, 52 neurons → 2 velocities)
 * for the width-scaled RNN (n = 1000) through its impulse responses and for the Conv1D, beside the PyTorch reference
 * bench/reference/emami21_s1.py (the RNN unrolled over each minibatch, autograd, float64) run in the same process.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { basename, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { runExperiment } from '../../src-shared/experiments/index'
import { parseExperimentSpec } from '../../src-shared/spec/experiment'
import type { DatasetTable } from '../../src-shared/api/dataset'
import { emami21Table1 } from '../../src-shared/presets/emami21'
import { expandSweep } from '../../src-shared/spec/sweep'
import { Store } from '../store/index'
import { loadDatasetFile, resolveDatasetFile } from '../datasets/index'
import type { BenchCase, BenchRow } from './index'
import { impulseStepFlops, RssSampler, simdPeakGflops } from './limits'
import { runPythonReference } from './python'

const REFERENCE = fileURLToPath(new URL('../../bench/reference/emami21_s1.py', import.meta.url))
/** The S1 recording beside the checkout, or where IMPULSE_LAB_S1 says (a worktree elsewhere). */
const S1 = process.env.IMPULSE_LAB_S1 ?? fileURLToPath(new URL('../../../shared/datasets/s1_reaching.csv', import.meta.url))

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
  const started = performance.now()
  const result = runExperiment(spec, { onProgress: () => {}, dataset: table })
  return { ms: performance.now() - started, perEpoch: result.metrics.steps_per_epoch as number, steps: result.steps }
}

/**
 * Seconds per epoch from the difference of two run lengths, so set-up (windows, statistics) cancels out; a first
 * run warms the JIT up (without it the short run pays for compilation and the difference can come out negative).
 */
function epochSeconds(table: DatasetTable, models: string[], width: number, steps: number): number {
  timeSteps(table, models, width, steps)
  const short = timeSteps(table, models, width, steps)
  const long = timeSteps(table, models, width, 2 * steps)
  // the steps actually taken: a convergence criterion may stop a run before maxSteps
  if (long.steps <= short.steps) throw new Error(`emami21 bench: ${models.join(', ')} stopped after ${long.steps} steps both times`)
  return ((long.ms - short.ms) / (long.steps - short.steps) / 1000) * short.perEpoch
}

export const emami21Bench: BenchCase = {
  name: 'emami21',
  async run() {
    if (!existsSync(S1)) return [{ case: 'emami21', name: 'S1 epoch', value: NaN, unit: 's/epoch', note: `${S1} not found: skipped` }]
    const dir = mkdtempSync(join(tmpdir(), 'impulse-bench-'))
    const store = Store.open(join(dir, 'bench.db'))
    let table: DatasetTable
    try {
      table = loadDatasetFile(await resolveDatasetFile(store, S1))
    } finally {
      store.close()
      rmSync(dir, { recursive: true, force: true })
    }
    const reference = await runPythonReference(REFERENCE, ['--csv', S1, '--batches', '16', '--blas-threads', '1'], 900_000)
    const rss = new RssSampler()
    const rnn = epochSeconds(table, ['rnn'], 1000, 16)
    const conv = epochSeconds(table, ['conv1d'], 1000, 192)
    // 192 steps an epoch, each through 15 impulse-response matrices of the n = 1000 RNN (52 inputs, 2 outputs)
    const rnnGflops = (192 * impulseStepFlops(1000, 15, 52, 2)) / 1e9 / rnn
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
      row('S1 epoch, width-scaled RNN n = 1000 (192 × 128 windows, T = 15, 52 → 2)', rnn, 'rnn_epoch_s', rnnGflops),
      row('S1 epoch, Conv1D (same batches)', conv, 'conv_epoch_s', null),
    ]
  },
}
