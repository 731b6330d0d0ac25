/**
 * GRU/LSTM benchmark: training steps per second (minibatch of 100 from a fixed set, forward, backpropagation through
 * time, Adam: the inner loop of experiments/trainGated.ts) at (d = 100, k = 60) and (d = 30, k = 5), in float64 and
 * float32, each beside the PyTorch reference bench/reference/gated.py (nn.GRU/nn.LSTM + nn.Linear) in the same
 * precision, run in the same bench run, in its fastest thread setting; with the matrix-product GFLOP/s achieved
 * beside the multiply-add peak of the kernels used, in that precision, and the peak RSS. Ours runs on the threads the
 * scheduler gives a run that trains alone (every core; src-main/runner/scheduler.ts).
 */
import { availableParallelism } from 'node:os'
import { basename } from 'node:path'
import { fileURLToPath } from 'node:url'
import { initGated, type GatedKind } from '../../src-shared/engine/gated'
import { GatedModel } from '../../src-shared/engine/gatedModel'
import type { Backend, Precision } from '../../src-shared/engine/backend'
import { Adam } from '../../src-shared/engine/optim'
import { Rng } from '../../src-shared/engine/prng'
import { allocSequences, MinibatchSampler } from '../../src-shared/engine/sequenceData'
import { InitSpec } from '../../src-shared/spec/student'
import { OptimizerSpec } from '../../src-shared/spec/training'
import type { BenchCase, BenchRow } from './types'
import { peakNote, RssSampler, simdPeakGflops } from './limits'
import { runPythonReference } from './python'
import { chooseBackend } from '../engine/backend/choose'

const REFERENCE = fileURLToPath(new URL('../../bench/reference/gated.py', import.meta.url))
const SHAPES: Array<[number, number]> = [[100, 60], [30, 5]]
const CONFIGS: Array<[GatedKind, number, number, Precision]> = SHAPES.flatMap(([d, k]) =>
  (['gru', 'lstm'] as const).flatMap((kind) => (['float64', 'float32'] as const).map((p): [GatedKind, number, number, Precision] => [kind, d, k, p])))
const BATCH = 100
const TRAIN_SIZE = 1000
const REPEATS = 5

/**
 * Flops of the matrix products in one training step (one input, one output, last-step target): the input
 * projection, the recurrence forward and back (dh and dW_hh), dW_ih, the readout. Gate arithmetic not counted.
 */
function gatedStepFlops(kind: GatedKind, width: number, length: number, batch = BATCH): number {
  const G = (kind === 'gru' ? 3 : 4) * width
  const rows = batch * length
  return 2 * rows * G * 2 + 3 * 2 * batch * G * width * (length - 1) + 2 * rows * width * 3
}

/** Median steps/s over REPEATS repeats of about `seconds` each (the VMs' timings vary between repeats). */
function gatedStepsPerSecond(backend: Backend, kind: GatedKind, width: number, length: number, seconds = 1, precision: Precision = 'float64',
  rss?: RssSampler): number {
  const dims = { kind, inputs: 1, hidden: width, outputs: 1 }
  const model = new GatedModel(dims, { maxBatch: BATCH, maxRows: BATCH * length, precision, backend })
  initGated(model.params, dims, InitSpec.parse({ kind: 'pytorch-default' }), new Rng(0, 'init'))
  const data = allocSequences(TRAIN_SIZE, length, 1, 1, 'last')
  const rng = new Rng(0, 'data')
  rng.fillNormal(data.x)
  rng.fillNormal(data.y)
  const sampler = new MinibatchSampler(data, BATCH, new Rng(0, 'minibatch'))
  const adam = new Adam(model.params.buffer.length, OptimizerSpec.parse({ kind: 'adam', lr: 1e-3 }))
  let step = 0
  const train = (n: number) => {
    for (let i = 0; i < n; i++, step++) {
      model.zeroGrad()
      model.lossAndGradient(sampler.next(), 'mean')
      adam.step(model.params.buffer, model.grads.buffer, step)
      rss?.sample()
    }
  }
  train(1)
  let n = 1
  for (;;) {
    const started = performance.now()
    train(n)
    if (performance.now() - started > (seconds * 1000) / 4 || n > 100_000) break
    n *= 2
  }
  const rates: number[] = []
  for (let r = 0; r < REPEATS; r++) {
    const started = performance.now()
    train(n)
    rates.push(n / ((performance.now() - started) / 1000))
  }
  rates.sort((a, b) => a - b)
  return rates[Math.floor(REPEATS / 2)]
}

interface ReferenceOutput {
  best: Record<string, { steps_per_s: number; setting: string }>
  /** steps/s by "torch T / openblas B" thread setting */
  by_setting: Record<string, Record<string, number>>
  torch: string
}

export const gatedBench: BenchCase = {
  name: 'gated',
  async run() {
    const reference = await runPythonReference(REFERENCE, ['--repeats', String(REPEATS), '--seconds', '1'])
    const out = reference.ok ? (reference.output as unknown as ReferenceOutput) : null
    const blas = reference.ok ? reference.blas.split(', ').map((lib) => basename(lib)).join(', ') : ''
    const kernels = chooseBackend()
    const native = kernels.native?.addon
    const threads = native ? native.setThreads(availableParallelism()) : 1
    const ours = native ? `ours: native ${native.isa()} on ${threads} thread${threads > 1 ? 's' : ''}` : 'ours: WebAssembly SIMD, one thread'
    return CONFIGS.map(([kind, width, length, precision]): BenchRow => {
      const rss = new RssSampler()
      const value = gatedStepsPerSecond(kernels.backend, kind, width, length, 1, precision, rss)
      const key = `${kind} d=${width} k=${length} ${precision}`
      const best = out?.best[key]
      const bySetting = out ? Object.entries(out.by_setting).map(([t, r]) => `${t}: ${r[key].toPrecision(3)}`).join(', ') : ''
      return {
        case: 'gated',
        name: `${kind.toUpperCase()} training step, d = ${width}, k = ${length}, batch ${BATCH}, ${precision}`,
        value,
        unit: 'steps/s',
        reference: best?.steps_per_s ?? null,
        speedup: best ? value / best.steps_per_s : null,
        gflops: (value * gatedStepFlops(kind, width, length)) / 1e9,
        peakGflops: simdPeakGflops(precision),
        rssMb: rss.peakMb,
        note: [ours, peakNote(precision), best && out
          ? `torch ${out.torch} ${precision}, fastest with ${best.setting} threads (${bySetting}), ${blas}`
          : reference.ok ? 'reference missing this case' : reference.reason].join('; '),
      }
    })
  },
}
