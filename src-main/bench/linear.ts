/**
 * Foundation benchmark: training steps per second of a linear RNN (general A, Adam) through the 'train' procedure,
 * on the population loss (d = 40, k = 30) and on empirical data (d = 50, batch 100, k = 20), fixed and fresh.
 * PyTorch reference: bench/reference/linear_rnn.py (autograd through the unrolled recurrence, as a paper script does).
 */
import { basename } from 'node:path'
import { fileURLToPath } from 'node:url'
import { runExperiment } from '../../src-shared/experiments/index'
import { parseExperimentSpec, type ExperimentSpecInput } from '../../src-shared/spec/experiment'
import type { BenchCase, BenchRow } from './types'
import { impulseStepFlops, RssSampler, simdPeakGflops } from './limits'
import { runPythonReference } from './python'
import { chooseBackend } from '../engine/backend/choose'

const REFERENCE = fileURLToPath(new URL('../../bench/reference/linear_rnn.py', import.meta.url))

interface LinearCase {
  name: string
  /** Width and horizon, for the flop count. */
  d: number
  k: number
  /** Key of the reference script's output holding PyTorch's steps/s for the same problem. */
  referenceKey: string
  spec: ExperimentSpecInput
}

const teacher = { kind: 'random-stable', dim: 5 } as const
const cases: LinearCase[] = [
  {
    name: 'population loss, d = 40, k = 30',
    d: 40,
    k: 30,
    referenceKey: 'population',
    spec: { teacher, student: { width: 40 }, data: { loss: 'population', length: 30 } },
  },
  {
    name: 'empirical, fixed 100 sequences (full batch), d = 50, k = 20',
    d: 50,
    k: 20,
    referenceKey: 'empirical',
    spec: { teacher, student: { width: 50 }, data: { loss: 'empirical', length: 20, batchSize: 100, trainSize: 100 } },
  },
  {
    name: 'empirical, fresh batch of 100 per step, d = 50, k = 20',
    d: 50,
    k: 20,
    referenceKey: 'empirical',
    spec: { teacher, student: { width: 50 }, data: { loss: 'empirical', length: 20, batchSize: 100, trainSize: null } },
  },
]

function timeRun(spec: ExperimentSpecInput, steps: number): number {
  const parsed = parseExperimentSpec({ ...spec, stopping: { maxSteps: steps } })
  const { backend } = chooseBackend()
  const started = performance.now()
  const result = runExperiment(parsed, { onProgress: () => {}, backend })
  if (steps > 0 && result.steps < steps) throw new Error(`${JSON.stringify(spec.data)} stopped after ${result.steps} of ${steps} steps`)
  return performance.now() - started
}

/** The fastest of `repeats` timings: other processes on a shared machine only ever make a run slower. */
function bestOf(repeats: number, spec: ExperimentSpecInput, steps: number): number {
  let best = Infinity
  for (let i = 0; i < repeats; i++) best = Math.min(best, timeRun(spec, steps))
  return best
}

/**
 * Steps per second of the training loop alone: the time of n steps minus the time of 0 steps (set-up and the final
 * metrics, the same for both), best of 3 each. n grows until n steps take ~0.4 s.
 */
function linearStepsPerSecond(spec: ExperimentSpecInput): number {
  let steps = 100
  while (timeRun(spec, steps) < 400 && steps < 10_000_000) steps *= 2
  const fixed = bestOf(3, spec, 0)
  const total = bestOf(3, spec, steps)
  // Never credit more than 90% of the time to set-up, whatever the noise did.
  return (steps / Math.max(total - fixed, 0.1 * total)) * 1000
}

export const linearBench: BenchCase = {
  name: 'linear',
  async run() {
    const reference = await runPythonReference(REFERENCE, ['--seconds', '2'])
    return cases.map((c): BenchRow => {
      const rss = new RssSampler()
      const value = linearStepsPerSecond(c.spec)
      const ref = reference.ok ? Number(reference.output[c.referenceKey]) : null
      return {
        case: 'linear',
        name: c.name,
        value,
        unit: 'steps/s',
        reference: ref,
        speedup: ref ? value / ref : null,
        gflops: (value * impulseStepFlops(c.d, c.k, 1, 1)) / 1e9,
        peakGflops: simdPeakGflops('float64'),
        rssMb: rss.peakMb,
        note: reference.ok ? `torch ${String(reference.output.torch)}, ${reference.blas.split(', ').map((lib) => basename(lib)).join(', ')}` : reference.reason,
      }
    })
  },
}
