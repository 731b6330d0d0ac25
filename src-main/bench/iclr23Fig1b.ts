/**
 * ICLR23 Fig. 1b at paper scale (45 runs: delay teacher d̂ = 10, general student width 50, empirical loss on fresh
 * batches of 100, Adam up to 50,000 steps with early stopping): the whole sweep through the real scheduler with 2
 * workers, wall time end to end, beside the vectorised PyTorch reference bench/reference/iclr23_fig1b_vectorised.py
 * (all 45 runs in one tensor, autograd) run in the same bench run. Slow: the reference runs until every run has
 * stopped (50,000 steps when one never stops early, ~17 ms of CPU a step: ~15 min); select it with `--case iclr23-fig1b`.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { basename, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { BenchCase } from './types'
import { runOurSweep } from './iclr23'
import { runPythonReference } from './python'

const PRESET = 'iclr23-fig1b'
const REFERENCE = fileURLToPath(new URL('../../bench/reference/iclr23_fig1b_vectorised.py', import.meta.url))

const byK = (m: Map<number, number> | Record<string, number>): string =>
  [...(m instanceof Map ? m : new Map(Object.entries(m).map(([k, v]) => [Number(k), v])))]
    .sort((a, b) => a[0] - b[0])
    .map(([k, e]) => `${k}:${Number(e.toPrecision(2))}`)
    .join(' ')

export const iclr23Fig1bBench: BenchCase = {
  name: PRESET,
  async run() {
    const dir = mkdtempSync(join(tmpdir(), 'impulse-lab-bench-'))
    try {
      const ours = await runOurSweep(dir, PRESET)
      // One torch thread and one OpenBLAS thread: the fastest setting for small batched products on 2 cores.
      const reference = await runPythonReference(REFERENCE, ['--threads', '1', '--blas-threads', '1'], 60 * 60_000)
      const refS = reference.ok ? Number(reference.output.wall_s) : null
      const blas = reference.ok ? reference.blas.split(', ').map((lib) => basename(lib)).join(', ') : ''
      return [
        {
          case: PRESET,
          name: `paper sweep, ${ours.runs} runs, 2 workers, end to end — vs PyTorch vectorised (all runs in one tensor)`,
          value: ours.wallS,
          unit: 's',
          reference: refS,
          speedup: refS ? refS / ours.wallS : null,
          note: reference.ok
            ? `torch ${String(reference.output.torch)}, ${blas}, torch threads 1, OpenBLAS threads 1, ${String(reference.output.steps)} steps until every run stopped`
            : reference.reason,
        },
        {
          case: PRESET,
          name: 'mean extrapolation error by k (ours; PyTorch in the note)',
          value: ours.errorByK.get(20) ?? NaN,
          unit: 'error at k = 20',
          note: `ours ${byK(ours.errorByK)}` + (reference.ok ? `; PyTorch ${byK(reference.output.error_by_k as Record<string, number>)}` : ''),
        },
      ]
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  },
}
