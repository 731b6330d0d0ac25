/**
 * The native kernels against what they replaced, in the same run (`bench --case kernels`): the impulse carries' thin
 * products on one 1000 × 1000 float64 matrix (EMAMI21's width) natively and in WebAssembly, Adam's update of an
 * AISTATS22 Fig. 5 GRU's 122,001 master weights natively and in optim.ts's loop, and Gaussian sampling (no
 * alternative to compare with: the draws are pinned). Best of repeats; the speedup column is against the
 * alternative named in the note, not PyTorch.
 */
import { chooseBackend } from '../engine/backend/choose'
import type { Backend } from '../../src-shared/engine/backend'
import { adamLoop, adamUpdate, type AdamLoop } from '../../src-shared/engine/optim'
import { Rng } from '../../src-shared/engine/prng'
import type { BenchCase, BenchRow } from './types'

const REPEATS = 5

/** Milliseconds a call of `work`, the best of REPEATS timings of `calls` calls. */
function bestMs(calls: number, work: () => void): number {
  let best = Infinity
  for (let r = 0; r < REPEATS; r++) {
    const started = performance.now()
    for (let i = 0; i < calls; i++) work()
    best = Math.min(best, (performance.now() - started) / calls)
  }
  return best
}

/** One sweep of the left carry (1 × d times d × d) and one of its adjoint (d × d times d × 1), on `backend`'s arena. */
function carrySweeps(backend: Backend, d: number): { carry: number; adjoint: number } {
  const arena = backend.arena(d * d + 4 * d + 64)
  const A = arena.alloc(d * d)
  const x = arena.alloc(d)
  const y = arena.alloc(d)
  new Rng(1, 'bench').fillNormal(A, 1 / Math.sqrt(d))
  x.fill(1 / d)
  return {
    carry: bestMs(200, () => arena.gemm(y, x, A, 1, d, d)),
    adjoint: bestMs(200, () => arena.gemm(y, A, x, d, 1, d, false, true)),
  }
}

function adamMs(n: number, loop: AdamLoop): number {
  const rng = new Rng(2, 'bench')
  const params = rng.fillNormal(new Float64Array(n))
  const grad = rng.fillNormal(new Float64Array(n), 1e-3)
  const m = new Float64Array(n)
  const v = new Float64Array(n)
  let step = 0
  return bestMs(100, () => adamUpdate(params, grad, m, v, step++, 1e-3, 0.9, 0.999, 1e-8, loop))
}

export const kernelsBench: BenchCase = {
  name: 'kernels',
  async run() {
    const { native, wasm } = chooseBackend()
    const rows: BenchRow[] = []
    const d = 1000
    if (native && wasm) {
      const ours = carrySweeps(native, d)
      const theirs = carrySweeps(wasm, d)
      const isa = native.addon.isa()
      for (const part of ['carry', 'adjoint'] as const) {
        rows.push({
          case: 'kernels',
          name: `impulse ${part} sweep, d = ${d}, float64 (native ${isa})`,
          value: ours[part],
          unit: 'ms',
          speedup: theirs[part] / ours[part],
          note: `speedup against the WebAssembly kernel in this run: ${theirs[part].toPrecision(3)} ms; ${((d * d * 8) / ours[part] / 1e6).toPrecision(3)} GB/s of the matrix`,
        })
      }
      const weights = 122_001
      const loopMs = adamMs(weights, adamLoop)
      const nativeMs = adamMs(weights, native.adamUpdate!)
      rows.push({
        case: 'kernels',
        name: `Adam update, ${weights.toLocaleString('en-US')} float64 weights (native ${isa})`,
        value: nativeMs,
        unit: 'ms',
        speedup: loopMs / nativeMs,
        note: `speedup against optim.ts's adamLoop in this run: ${loopMs.toPrecision(3)} ms; the same bits`,
      })
    } else {
      rows.push({ case: 'kernels', name: 'native kernels', value: NaN, unit: 'ms', note: 'the native addon is not built: nothing to compare' })
    }
    const rng = new Rng(3, 'bench')
    const block = new Float64Array(3000)
    const perBlock = bestMs(400, () => rng.fillNormal(block))
    rows.push({ case: 'kernels', name: 'Gaussian draws, blocks of 3,000 (a Fig. 3b batch)', value: (perBlock * 1e6) / block.length, unit: 'ns/draw' })
    return rows
  },
}
