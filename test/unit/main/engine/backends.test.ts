// Every kernel backend that runs here against the reference (src-shared/engine/backend/reference.ts), operation by
// operation: products on every transpose, GRU and LSTM gate steps forward and backward, bias column sums, and the
// fused diagonal training steps with GD and Adam (whose Adam is also checked against engine/optim.ts), and their batch
// call serving several students of one arena (bit for bit each student's lone steps on its backend), and the fused
// general (d × d A) steps. The backends:
// WASM built plain and with fused multiply-adds, and native where the addon loads (chosen as a worker chooses).
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { chooseBackend } from '../../../../src-main/engine/backend/choose'
import {
  compileWasmKernels,
  createWasmBackend,
  referenceBackend,
  type Arena,
  type Backend,
  DIAGONAL_BATCH_STRIDE,
  type DiagonalRequest,
  type DiagonalStepArgs,
  type GeneralStepArgs,
  type Precision,
  type Real,
} from '../../../../src-shared/engine/backend'
import { Adam } from '../../../../src-shared/engine/optim'
import { OptimizerSpec } from '../../../../src-shared/spec/training'
import { Rng } from '../../../../src-shared/engine/prng'
import { checkGemmShapes } from '../../../helpers/gemmCheck'

// chooseBackend first: it turns on relaxed SIMD before any module compiles
const choice = chooseBackend()
const plain = createWasmBackend(compileWasmKernels(false))
const backends: Array<[string, Backend]> = [
  ['wasm (plain SIMD)', plain!],
  [`wasm (${choice.wasm!.compiled.fused ? 'fused multiply-adds' : 'plain SIMD'})`, choice.wasm!],
  ...(choice.native ? [['native', choice.native] as [string, Backend]] : []),
]

test('the backends under test are the ones a worker can run', () => {
  assert.equal(plain!.compiled.fused, false)
  assert.equal(choice.wasm!.compiled.fused, true, 'Node 20 with the relaxed SIMD flag validates the fused module')
  // npm install builds the addon; a machine told to go without it (IMPULSE_SKIP_NATIVE=1) tests WASM only
  assert.equal(backends.length, process.env.IMPULSE_SKIP_NATIVE === '1' ? 2 : 3, choice.nativeUnavailable ?? '')
})

/** max |x − y| / (1 + |y|). */
function worst(x: ArrayLike<number>, y: ArrayLike<number>): number {
  let w = 0
  for (let i = 0; i < y.length; i++) w = Math.max(w, Math.abs(x[i] - y[i]) / (1 + Math.abs(y[i])))
  return w
}

/** The same values in an array of the reference arena and one of the arena under test. */
function twin(ref: Arena<Real>, arena: Arena<Real>, length: number, draw: () => number): [Real, Real] {
  const a = ref.alloc(length)
  for (let i = 0; i < length; i++) a[i] = draw()
  const b = arena.alloc(length)
  b.set(a)
  return [a, b]
}

for (const [name, backend] of backends) {
  for (const precision of ['float64', 'float32'] as Precision[]) {
    // float64: only the summation order and the exp polynomial differ; float32 rounds every operation to 24 bits
    const tolerance = precision === 'float64' ? 1e-13 : 3e-6

    test(`${name} ${precision}: products on every transpose equal the reference`, () => {
      const rng = new Rng(3, 'gemm')
      const shapes: Array<[number, number, number]> = [
        [1, 1, 1], [3, 5, 7], [4, 4, 4], [5, 3, 1], [17, 9, 33], [100, 300, 1], [33, 65, 257], [130, 7, 300], [2, 1030, 3],
        [2, 1001, 37], [1, 83, 50], [2, 13, 7], [7, 1, 33], [8, 2, 3],
      ]
      for (let trial = 0; trial < 4; trial++) shapes.push([1 + rng.int(90), 1 + rng.int(90), 1 + rng.int(300)])
      // float32 accumulates in float32 in every variant: its rounding grows with k
      checkGemmShapes(backend.arena(4_000_000, precision), rng, shapes, (k) => (precision === 'float64' ? 1e-12 : Math.max(2e-5, 1e-7 * k)))
    })

    test(`${name} ${precision}: GRU gate steps forward and backward equal the reference`, () => {
      const rng = new Rng(5, 'gru')
      // H = 19: whole vectors of every width and a tail; B = 3 rows
      const [B, H] = [3, 19]
      const G = 3 * H
      const ref = referenceBackend.arena(0, precision)
      const arena = backend.arena(20 * B * G, precision)
      const draw = () => 2 * rng.normal()
      const [pre, pre2] = twin(ref, arena, B * G, draw)
      const [hh, hh2] = twin(ref, arena, B * G, draw)
      const [hPrev, hPrev2] = twin(ref, arena, B * H, () => rng.normal())
      const [gates, gates2] = twin(ref, arena, B * G, () => 0)
      const [hNext, hNext2] = twin(ref, arena, B * H, () => 0)
      ref.gruGates(pre, hh, gates, hPrev, hNext, B, H)
      arena.gruGates(pre2, hh2, gates2, hPrev2, hNext2, B, H)
      assert.ok(worst(gates2, gates) < tolerance, `gates ${worst(gates2, gates)}`)
      assert.ok(worst(hNext2, hNext) < tolerance, `h' ${worst(hNext2, hNext)}`)
      for (const carry of [true, false]) {
        gates2.set(gates) // the backward pass of each reads the same gates
        const [dh, dh2] = twin(ref, arena, B * H, () => rng.normal())
        const [dPre, dPre2] = twin(ref, arena, B * G, () => 0)
        const [dHh, dHh2] = twin(ref, arena, B * G, () => 0)
        const [dhPrev, dhPrev2] = twin(ref, arena, B * H, () => rng.normal())
        const before = Array.from(dhPrev)
        ref.gruGatesBackward(dh, gates, hPrev, hh, dPre, dHh, dhPrev, carry, B, H)
        arena.gruGatesBackward(dh2, gates2, hPrev2, hh2, dPre2, dHh2, dhPrev2, carry, B, H)
        assert.ok(worst(dPre2, dPre) < tolerance, `carry ${carry}: dPre ${worst(dPre2, dPre)}`)
        assert.ok(worst(dHh2, dHh) < tolerance, `carry ${carry}: dHh ${worst(dHh2, dHh)}`)
        assert.ok(worst(dhPrev2, dhPrev) < tolerance, `carry ${carry}: dhPrev ${worst(dhPrev2, dhPrev)}`)
        assert.equal(worst(dhPrev, before) === 0, !carry, `dhPrev changes exactly when carry is ${carry}`)
      }
    })

    test(`${name} ${precision}: LSTM gate steps forward and backward and bias column sums equal the reference`, () => {
      const rng = new Rng(7, 'lstm')
      const [B, H] = [4, 19]
      const G = 4 * H
      const ref = referenceBackend.arena(0, precision)
      const arena = backend.arena(20 * B * G, precision)
      const [pre, pre2] = twin(ref, arena, B * G, () => 2 * rng.normal())
      const [cPrev, cPrev2] = twin(ref, arena, B * H, () => rng.normal())
      const [gates, gates2] = twin(ref, arena, B * G, () => 0)
      const [cNext, cNext2] = twin(ref, arena, B * H, () => 0)
      const [tanhCell, tanhCell2] = twin(ref, arena, B * H, () => 0)
      const [hNext, hNext2] = twin(ref, arena, B * H, () => 0)
      ref.lstmGates(pre, gates, cPrev, cNext, tanhCell, hNext, B, H)
      arena.lstmGates(pre2, gates2, cPrev2, cNext2, tanhCell2, hNext2, B, H)
      for (const [label, x, y] of [['gates', gates2, gates], ['c\'', cNext2, cNext], ['tanh c\'', tanhCell2, tanhCell], ['h\'', hNext2, hNext]] as const) {
        assert.ok(worst(x, y) < tolerance, `${label} ${worst(x, y)}`)
      }
      gates2.set(gates)
      tanhCell2.set(tanhCell)
      const [dh, dh2] = twin(ref, arena, B * H, () => rng.normal())
      const [dCell, dCell2] = twin(ref, arena, B * H, () => rng.normal())
      const [dPre, dPre2] = twin(ref, arena, B * G, () => 0)
      ref.lstmGatesBackward(dh, gates, cPrev, tanhCell, dCell, dPre, B, H)
      arena.lstmGatesBackward(dh2, gates2, cPrev2, tanhCell2, dCell2, dPre2, B, H)
      assert.ok(worst(dPre2, dPre) < tolerance, `dPre ${worst(dPre2, dPre)}`)
      assert.ok(worst(dCell2, dCell) < tolerance, `dCell ${worst(dCell2, dCell)}`)
      // 37 columns: whole blocks and a tail; 50 rows
      const [m, m2] = twin(ref, arena, 50 * 37, () => rng.normal())
      const [out, out2] = twin(ref, arena, 37, () => rng.normal())
      ref.columnSums(out, m, 50)
      arena.columnSums(out2, m2, 50)
      assert.ok(worst(out2, out) < tolerance, `column sums ${worst(out2, out)}`)
    })
  }
}

/** A diagonal SISO student's fused-step arrays in `arena`, the same values for every backend. */
function diagonalArgs(arena: Arena, adam: boolean, balanced: boolean, [d, K, seed] = [13, 9, 11]): DiagonalStepArgs {
  const size = balanced ? 2 * d : 3 * d
  const rng = new Rng(seed, 'diagonal')
  const params = arena.alloc(size)
  for (let s = 0; s < d; s++) params[s] = 0.5 + 0.3 * rng.normal()
  for (let i = d; i < size; i++) params[i] = 0.7 * rng.normal()
  const labels = arena.alloc(K)
  const weights = arena.alloc(K)
  for (let j = 0; j < K; j++) {
    labels[j] = 0.8 ** j * Math.cos(j)
    weights[j] = 1 / K
  }
  return {
    d, K, balanced, scale: 1 / Math.sqrt(d), params, grad: arena.alloc(size),
    adam: adam ? { m: arena.alloc(size), v: arena.alloc(size), beta1: 0.9, beta2: 0.999, eps: 1e-8 } : null,
    labels, weights, losses: arena.alloc(101), threshold: -Infinity, work: arena.alloc(arena.diagonalScratchLength(d, K)),
  }
}

/** A fresh arena of `backend` holding the fused-step arrays. */
function diagonalRun(backend: Backend, adam: boolean, balanced: boolean): { arena: Arena; args: DiagonalStepArgs } {
  const arena = backend.arena(4096)
  return { arena, args: diagonalArgs(arena, adam, balanced) }
}

for (const [name, backend] of backends) {
  for (const [optimizer, balanced] of [['GD', false], ['Adam', true], ['Adam', false]] as const) {
    test(`${name}: fused diagonal steps with ${optimizer} (${balanced ? 'tied' : 'untied'}) equal the reference's over 100 steps`, () => {
      const lr = optimizer === 'GD' ? 0.5 : 0.01
      const runs = [referenceBackend, backend].map((b) => {
        const { arena, args } = diagonalRun(b, optimizer === 'Adam', balanced)
        assert.equal(arena.diagonalSteps(args, 0, 100, lr), 100)
        return { losses: Array.from(args.losses), params: Array.from(args.params) }
      })
      assert.ok(runs[0].losses[100] < 0.8 * runs[0].losses[0], `the runs train: ${runs[0].losses[0]} → ${runs[0].losses[100]}`)
      assert.ok(worst(runs[1].losses, runs[0].losses) < 1e-11, `losses ${worst(runs[1].losses, runs[0].losses)}`)
      assert.ok(worst(runs[1].params, runs[0].params) < 1e-11, `parameters ${worst(runs[1].params, runs[0].params)}`)
    })
  }
}

for (const [name, backend] of [['reference', referenceBackend] as [string, Backend], ...backends]) {
  test(`${name}: the fused steps' Adam update is engine/optim.ts's Adam, step by step`, () => {
    const lr = 0.02
    const { arena, args } = diagonalRun(backend, true, false)
    const adam = new Adam(args.params.length, OptimizerSpec.parse({ kind: 'adam', lr, beta1: 0.9, beta2: 0.999, eps: 1e-8 }))
    const mirror = Float64Array.from(args.params)
    for (let step = 0; step < 60; step++) {
      assert.equal(arena.diagonalSteps(args, step, step, lr), step, 'ends on the forward pass of its last step')
      arena.diagonalUpdate(args, step, lr) // the gradient into args.grad, then the update
      adam.step(mirror, args.grad, step)
      assert.ok(worst(args.params, mirror) < 1e-14, `step ${step}: ${worst(args.params, mirror)}`)
      mirror.set(args.params)
    }
  })
}

/** Three students of different shapes, optimisers and thresholds (widths below, at and past a whole vector block). */
const batchStudents = [
  { adam: true, balanced: true, shape: [5, 3, 1] },
  { adam: false, balanced: false, shape: [8, 7, 2], lr: 0.5 },
  { adam: true, balanced: false, shape: [13, 12, 3], threshold: 0.05 },
] as const
/** Rounds of requests: some students idle, runs of different lengths, updates, a student stopping at its threshold. */
const batchRounds: Array<Array<DiagonalRequest | null>> = [
  [{ kind: 'run', from: 0, until: 20, lr: 0.01 }, null, { kind: 'run', from: 0, until: 100, lr: 0.02 }],
  [{ kind: 'update', step: 20, lr: 0.01 }, { kind: 'run', from: 0, until: 30, lr: 0.5 }, null],
  [{ kind: 'run', from: 21, until: 99, lr: 0.005 }, { kind: 'update', step: 30, lr: 0.5 }, null],
  [null, { kind: 'run', from: 31, until: 60, lr: 0.25 }, null],
]

/** The students in one arena of `backend` (and its batch table), or each in its own arena when not `together`. */
function batchRun(backend: Backend, together: boolean): { arenas: Arena[]; table: Float64Array; args: DiagonalStepArgs[] } {
  const shared = backend.arena(8192 + 3 * DIAGONAL_BATCH_STRIDE)
  const arenas = batchStudents.map(() => (together ? shared : backend.arena(4096)))
  const table = shared.alloc(3 * DIAGONAL_BATCH_STRIDE)
  const args = batchStudents.map((x, i) => ({
    ...diagonalArgs(arenas[i], x.adam, x.balanced, [...x.shape]),
    threshold: 'threshold' in x ? x.threshold : -Infinity,
  }))
  return { arenas, table, args }
}

for (const [name, backend] of [['reference', referenceBackend] as [string, Backend], ...backends]) {
  test(`${name}: the diagonal batch serves each student as its lone steps and updates do, bit for bit, and as the reference's batch`, () => {
    const batch = batchRun(backend, true)
    const lone = batchRun(backend, false)
    const reference = batchRun(referenceBackend, true)
    for (const requests of batchRounds) {
      const ended = new Int32Array(3).fill(-1)
      batch.arenas[0].diagonalBatch(batch.table, batch.args, requests, ended)
      const endedRef = new Int32Array(3).fill(-1)
      reference.arenas[0].diagonalBatch(reference.table, reference.args, requests, endedRef)
      requests.forEach((request, i) => {
        if (request?.kind === 'run') assert.equal(ended[i], lone.arenas[i].diagonalSteps(lone.args[i], request.from, request.until, request.lr))
        else if (request?.kind === 'update') lone.arenas[i].diagonalUpdate(lone.args[i], request.step, request.lr)
        else assert.equal(ended[i], -1, 'an idle student gets no step')
      })
      assert.deepEqual(ended, endedRef)
    }
    const stopped = batch.args[2].losses.findIndex((loss) => loss < 0.05)
    assert.ok(stopped > 0 && stopped < 100, `the third student stops at its threshold (step ${stopped})`)
    batch.args.forEach((x, i) => {
      assert.deepStrictEqual(x.params, lone.args[i].params, `student ${i}: parameters as alone`)
      assert.deepStrictEqual(x.losses, lone.args[i].losses, `student ${i}: losses as alone`)
      assert.ok(worst(x.params, reference.args[i].params) < 1e-11, `student ${i}: parameters ${worst(x.params, reference.args[i].params)}`)
      assert.ok(worst(x.losses, reference.args[i].losses) < 1e-11, `student ${i}: losses ${worst(x.losses, reference.args[i].losses)}`)
    })
    assert.ok(batch.args[0].losses[99] < batch.args[0].losses[0], 'the steps train')
    assert.throws(() => batch.arenas[0].diagonalBatch(batch.table.subarray(0, 2 * DIAGONAL_BATCH_STRIDE), batch.args, batchRounds[0], new Int32Array(3)),
      /diagonal batch: a table of 48 doubles holds fewer than 3 students/)
  })
}

/** A general SISO student's fused-step arrays in `arena` (A of spectral radius about 0.8), the same for every backend. */
function generalArgs(arena: Arena, adam: boolean, balanced: boolean, d: number, K: number, scale: number): GeneralStepArgs {
  const size = d * d + (balanced ? d : 2 * d)
  const rng = new Rng(d * 100 + K, 'general')
  const params = arena.alloc(size)
  for (let i = 0; i < d * d; i++) params[i] = (0.8 / Math.sqrt(d) / scale) * rng.normal()
  for (let i = d * d; i < size; i++) params[i] = 0.7 * rng.normal()
  const labels = arena.alloc(K)
  const weights = arena.alloc(K)
  for (let j = 0; j < K; j++) {
    labels[j] = 0.8 ** j * Math.cos(j)
    weights[j] = 1 / K
  }
  return {
    d, K, balanced, scale, params, grad: arena.alloc(size),
    adam: adam ? { m: arena.alloc(size), v: arena.alloc(size), beta1: 0.9, beta2: 0.999, eps: 1e-8 } : null,
    labels, weights, losses: arena.alloc(101), threshold: -Infinity, work: arena.alloc(arena.generalScratchLength(d, K)),
  }
}

for (const [name, backend] of backends) {
  // widths: odd (a dot product's last term), a row block's tail, whole and partial eight-column blocks, the papers' 40
  for (const [optimizer, balanced, d, K, scale] of [['GD', false, 7, 5, 1], ['Adam', true, 12, 9, 1 / Math.sqrt(12)],
    ['Adam', false, 21, 16, 1], ['Adam', false, 40, 30, 1]] as const) {
    // plain multiplies and adds summed in one order, and the host's pow for Adam's β^t: every backend gives the same bits
    test(`${name}: fused general steps with ${optimizer} (d ${d}, K ${K}, ${balanced ? 'tied' : 'untied'}) equal the reference's bit for bit over 100 steps`, () => {
      const lr = optimizer === 'GD' ? 0.05 : 0.01
      const runs = [referenceBackend, backend].map((b) => {
        const arena = b.arena(2 * 4 * (d * d + 2 * d) + 4096)
        const args = generalArgs(arena, optimizer === 'Adam', balanced, d, K, scale)
        assert.equal(arena.generalSteps(args, 0, 100, lr), 100)
        return { losses: Array.from(args.losses), params: Array.from(args.params) }
      })
      assert.ok(runs[0].losses[100] < 0.8 * runs[0].losses[0], `the runs train: ${runs[0].losses[0]} → ${runs[0].losses[100]}`)
      assert.deepStrictEqual(runs[1].losses, runs[0].losses, 'losses')
      assert.deepStrictEqual(runs[1].params, runs[0].params, 'parameters')
    })
  }
}
