/**
 * The matrix product behind the gated students, the linear students' left carry and the ridge decoder:
 * C (m×n) += op(A) · op(B), row-major, float64 or float32, in three
 * backends — a plain TypeScript reference, a WebAssembly SIMD kernel (source scripts/wasm/gemm.as.ts) that runs
 * ~10× faster (twice that again in float32: four lanes instead of two), and the native kernel (native/, AVX-512 or
 * AVX2 with fused multiply-adds, optionally on several threads) that the process entry points install where it was
 * built (src-shared cannot load it: it imports nothing from Node). A backend is also an arena: a model allocates all
 * its buffers from it once, so the kernels work in place on one WebAssembly.Memory and a call copies nothing. The
 * native backend is the WASM arena with its products (all but the thin ones) done natively. The WASM arena also
 * carries the GRU/LSTM gate kernels (scripts/wasm/gates.as.ts), which gru.ts and lstm.ts use when present. Where the
 * engine has relaxed SIMD (Electron does; Node 20 does not) the module built with fused multiply-adds is used instead.
 */
import { wasmKernelsBase64, wasmKernelsRelaxedBase64 } from './generated/wasmKernels.generated'
import { type DiagonalBatchExports, type DiagonalBatchKernel, TABLE_STRIDE, wasmDiagonalBatch } from './diagonalBatch'

/** 'native' falls back to 'wasm' where the native kernel is not installed, 'wasm' to 'ts' where SIMD is missing. */
export type GemmBackend = 'native' | 'wasm' | 'ts'
export type Precision = 'float64' | 'float32'
/** A buffer of either precision; one arena holds one. */
export type Real = Float64Array | Float32Array
type ArrayOf<P extends Precision> = P extends 'float32' ? Float32Array : Float64Array

export interface Gemm<F extends Real = Float64Array> {
  readonly backend: GemmBackend
  readonly precision: Precision
  /** A zeroed array of `length` values the backend can multiply (allocate once per run, never per step). */
  alloc(length: number): F
  /**
   * c += op(a) · op(b) with op(a) m×k and op(b) k×n, every matrix contiguous row-major: a is m×k (k×m when transA),
   * b is k×n (n×k when transB), c is m×n. Accumulates, like every backward pass here.
   */
  gemm(c: Real, a: Readonly<Real>, b: Readonly<Real>, m: number, n: number, k: number, transA?: boolean, transB?: boolean): void
  /** SIMD gate arithmetic on arena arrays (null for the TS backend: the cells then run their own loops). */
  readonly gates: GateKernels | null
  /** Whole training steps of a diagonal single-input single-output linear student (float64 arenas; else null). */
  readonly diagonalSteps: DiagonalStepKernel | null
  /** The same for `count` students of this arena in one call (its table is allocated from the arena); else null. */
  readonly diagonalBatch: ((count: number) => DiagonalBatchKernel) | null
}

/**
 * The arena arrays and settings of diagonal SISO training on the population loss Σ_j w_j (ĥ_j − t_j)² (the kernel is
 * scripts/wasm/linear.as.ts; src-shared/engine/diagonalSteps.ts drives it).
 */
export interface DiagonalStepArgs {
  d: number
  K: number
  balanced: boolean
  /** 1/√d under width scaling, else 1. */
  scale: number
  /** A (d), B (d), then C (d) unless balanced; grad has the same layout. */
  params: Float64Array
  grad: Float64Array
  /** Adam's moments (length of params), or null for GD. */
  adam: { m: Float64Array; v: Float64Array; beta1: number; beta2: number; eps: number } | null
  /** t_j and w_j for j < K. */
  labels: Float64Array
  weights: Float64Array
  /** Loss per step (written at the steps run). */
  losses: Float64Array
  /** Stop before updating at a loss below this (−∞: never). */
  threshold: number
  /** Scratch of `scratchLength(d, K)` doubles, zeroed; its first K hold ĥ of the last forward pass. */
  work: Float64Array
}

export interface DiagonalStepKernel {
  scratchLength(d: number, K: number): number
  /**
   * Steps from `from` on at learning rate lr, ending after the forward pass and loss of step `until` (or of the first
   * step whose loss is not finite or below the threshold) without its update; returns that step.
   */
  run(args: DiagonalStepArgs, from: number, until: number, lr: number): number
  /** The update of the step `run` ended at. */
  update(args: DiagonalStepArgs, step: number, lr: number): void
}

/** One step of gate arithmetic for B rows; the arguments are the rows of that step (see gru.ts, lstm.ts). */
interface GateKernels {
  gru(pre: Readonly<Real>, hh: Readonly<Real>, gates: Real, hPrev: Readonly<Real>, hNext: Real, B: number, H: number): void
  lstm(pre: Readonly<Real>, gates: Real, cPrev: Readonly<Real>, cNext: Real, tanhCell: Real, hNext: Real, B: number, H: number): void
  /** dhPrev += z ⊙ dh only when `carry` (not at the first step). */
  gruBackward(dh: Readonly<Real>, gates: Readonly<Real>, hPrev: Readonly<Real>, hh: Readonly<Real>, dPre: Real, dHh: Real,
    dhPrev: Real, carry: boolean, B: number, H: number): void
  lstmBackward(dh: Readonly<Real>, gates: Readonly<Real>, cPrev: Readonly<Real>, tanhCell: Readonly<Real>, dCell: Real,
    dPre: Real, B: number, H: number): void
  /** out += the column sums of the first `rows` rows of m (rows × out.length). */
  columnSums(out: Real, m: Readonly<Real>, rows: number): void
}

/**
 * The native product (native/addon.cc): c += op(a) · op(b) on a WebAssembly.Memory's buffer, operands given as byte
 * offsets (the same arguments as the WASM kernel, plus the buffer and the precision).
 */
export interface NativeGemmKernel {
  gemm(memory: ArrayBuffer, float32: number, transA: number, transB: number, m: number, n: number, k: number, a: number,
    lda: number, b: number, ldb: number, c: number, ldc: number): void
  /** Threads one product may use from now on; returns the setting. */
  setThreads(threads: number): number
  /** The instruction set the kernel runs ("avx512", "avx2", "generic"). */
  isa(): string
  /** `rounds` rounds of 12 independent vector multiply-adds; returns the flops done. */
  peakLoop(rounds: number, float32: number): number
  /** The gate steps of GateKernels, on the buffer with byte offsets (float32: 1 or 0 first). */
  gruGates(memory: ArrayBuffer, float32: number, pre: number, hh: number, gates: number, hPrev: number, hNext: number,
    B: number, H: number): void
  lstmGates(memory: ArrayBuffer, float32: number, pre: number, gates: number, cPrev: number, cNext: number,
    tanhCell: number, hNext: number, B: number, H: number): void
  gruGatesBackward(memory: ArrayBuffer, float32: number, dh: number, gates: number, hPrev: number, hh: number,
    dPre: number, dHh: number, dhPrev: number, B: number, H: number, carry: number): void
  lstmGatesBackward(memory: ArrayBuffer, float32: number, dh: number, gates: number, cPrev: number, tanhCell: number,
    dCell: number, dPre: number, B: number, H: number): void
  addColumnSums(memory: ArrayBuffer, float32: number, out: number, m: number, rows: number, n: number): void
}

let nativeKernel: NativeGemmKernel | null = null

/** Installs (or, with null, removes) the native product for every arena created from now on. */
export function installNativeGemm(kernel: NativeGemmKernel | null): void {
  nativeKernel = kernel
}

/** The native kernel in use, or null (then 'native' arenas are WASM arenas). */
export function nativeGemm(): NativeGemmKernel | null {
  return nativeKernel
}

/** The reference: obvious loops, one per transpose case, each reading its operands along rows. */
export function gemmReference(c: Real, a: Readonly<Real>, b: Readonly<Real>, m: number,
  n: number, k: number, transA = false, transB = false): void {
  if (k === 1) transB = false // b is one row or one column: the same memory either way
  if (!transA && !transB) {
    for (let i = 0; i < m; i++) {
      for (let p = 0; p < k; p++) {
        const aip = a[i * k + p]
        for (let j = 0; j < n; j++) c[i * n + j] += aip * b[p * n + j]
      }
    }
  } else if (!transA) {
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        let acc = 0
        for (let p = 0; p < k; p++) acc += a[i * k + p] * b[j * k + p]
        c[i * n + j] += acc
      }
    }
  } else if (!transB) {
    for (let p = 0; p < k; p++) {
      for (let i = 0; i < m; i++) {
        const aip = a[p * m + i]
        for (let j = 0; j < n; j++) c[i * n + j] += aip * b[p * n + j]
      }
    }
  } else {
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        let acc = 0
        for (let p = 0; p < k; p++) acc += a[p * m + i] * b[j * k + p]
        c[i * n + j] += acc
      }
    }
  }
}

class TsGemm<F extends Real> implements Gemm<F> {
  readonly backend = 'ts' as const
  readonly gates = null
  readonly diagonalSteps = null
  readonly diagonalBatch = null
  constructor(readonly precision: Precision) {}
  alloc(length: number): F {
    return (this.precision === 'float32' ? new Float32Array(length) : new Float64Array(length)) as F
  }
  gemm(c: Real, a: Readonly<Real>, b: Readonly<Real>, m: number, n: number, k: number, transA = false, transB = false): void {
    gemmReference(c, a, b, m, n, k, transA, transB)
  }
}

/** The slice of the WebAssembly API used here (src-shared compiles without DOM types). */
interface WasmMemory {
  readonly buffer: ArrayBuffer
}
interface WasmApi {
  Module: new (bytes: Uint8Array) => object
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> }
  Memory: new (descriptor: { initial: number }) => WasmMemory
  validate(bytes: Uint8Array): boolean
}
interface GemmExports {
  scratchBytes(): number
  setScratch(ptr: number): void
  gemm(transA: number, transB: number, m: number, n: number, k: number, a: number, lda: number, b: number,
    ldb: number, c: number, ldc: number): void
  gemmThin(transA: number, transB: number, m: number, n: number, k: number, a: number, b: number, c: number): void
  gruGates(pre: number, hh: number, gates: number, hPrev: number, hNext: number, B: number, H: number): void
  lstmGates(pre: number, gates: number, cPrev: number, cNext: number, tanhCell: number, hNext: number, B: number, H: number): void
  gruGatesBackward(dh: number, gates: number, hPrev: number, hh: number, dPre: number, dHh: number, dhPrev: number,
    carry: number, B: number, H: number): void
  lstmGatesBackward(dh: number, gates: number, cPrev: number, tanhCell: number, dCell: number, dPre: number, B: number,
    H: number): void
  addColumnSums(out: number, m: number, rows: number, n: number): void
  peakLoop(iterations: number, single: number): number
  diagonalScratchLength(d: number, K: number): number
  diagonalSisoSteps(from: number, until: number, d: number, K: number, balanced: number, scale: number, params: number,
    grad: number, m: number, v: number, useAdam: number, lr: number, beta1: number, beta2: number, eps: number,
    labels: number, weights: number, losses: number, threshold: number, work: number): number
  diagonalSisoUpdate(step: number, d: number, K: number, balanced: number, scale: number, params: number, grad: number,
    m: number, v: number, useAdam: number, lr: number, beta1: number, beta2: number, eps: number, work: number): void
}

/** The float32 kernels: the same signatures under names ending in 32. */
type KernelName = 'gemm' | 'gemmThin' | 'gruGates' | 'lstmGates' | 'gruGatesBackward' | 'lstmGatesBackward' | 'addColumnSums'
function kernelsOf(exports: Record<string, unknown>, precision: Precision): Pick<GemmExports, KernelName> {
  const suffix = precision === 'float32' ? '32' : ''
  const pick = <K extends KernelName>(name: K) => exports[name + suffix] as GemmExports[K]
  return {
    gemm: pick('gemm'), gemmThin: pick('gemmThin'), gruGates: pick('gruGates'), lstmGates: pick('lstmGates'),
    gruGatesBackward: pick('gruGatesBackward'), lstmGatesBackward: pick('lstmGatesBackward'), addColumnSums: pick('addColumnSums'),
  }
}

const PAGE = 65536
/** Products with n or k (or m, untransposed) below this skip packing (gemmThin). */
const SMALL = 4
/** The module's own static data sits below this address; scratch and arrays start here. */
const HEAP_START = PAGE

class WasmGemm<F extends Real> implements Gemm<F> {
  readonly backend: 'native' | 'wasm'
  readonly gates: GateKernels
  readonly diagonalSteps: DiagonalStepKernel | null
  readonly diagonalBatch: ((count: number) => DiagonalBatchKernel) | null
  private readonly memory: WasmMemory
  private readonly kernel: Pick<GemmExports, KernelName>
  private readonly bytes: number
  private next: number
  private readonly end: number

  constructor(api: WasmApi, module: object, capacity: number, readonly precision: Precision,
    private readonly native: NativeGemmKernel | null) {
    this.backend = native ? 'native' : 'wasm'
    this.bytes = precision === 'float32' ? 4 : 8
    // Sized once: growing the memory would detach every view already handed out.
    const probe = new api.Instance(module, { env: { memory: new api.Memory({ initial: 1 }) } })
    const scratch = (probe.exports as unknown as GemmExports).scratchBytes()
    const bytes = HEAP_START + scratch + capacity * this.bytes + 64
    this.memory = new api.Memory({ initial: Math.ceil(bytes / PAGE) })
    const exports = new api.Instance(module, { env: { memory: this.memory } }).exports
    ;(exports as unknown as GemmExports).setScratch(HEAP_START)
    this.kernel = kernelsOf(exports, precision)
    this.next = HEAP_START + scratch
    this.end = this.memory.buffer.byteLength
    const kernel = this.kernel
    const at = (x: Readonly<Real>) => this.address(x)
    const f32 = precision === 'float32' ? 1 : 0
    const memory = this.memory.buffer
    this.gates = native
      ? {
          gru: (pre, hh, gates, hPrev, hNext, B, H) => native.gruGates(memory, f32, at(pre), at(hh), at(gates), at(hPrev), at(hNext), B, H),
          lstm: (pre, gates, cPrev, cNext, tanhCell, hNext, B, H) =>
            native.lstmGates(memory, f32, at(pre), at(gates), at(cPrev), at(cNext), at(tanhCell), at(hNext), B, H),
          gruBackward: (dh, gates, hPrev, hh, dPre, dHh, dhPrev, carry, B, H) => native.gruGatesBackward(memory, f32, at(dh),
            at(gates), at(hPrev), at(hh), at(dPre), at(dHh), at(dhPrev), B, H, carry ? 1 : 0),
          lstmBackward: (dh, gates, cPrev, tanhCell, dCell, dPre, B, H) =>
            native.lstmGatesBackward(memory, f32, at(dh), at(gates), at(cPrev), at(tanhCell), at(dCell), at(dPre), B, H),
          columnSums: (out, m, rows) => native.addColumnSums(memory, f32, at(out), at(m), rows, out.length),
        }
      : {
          gru: (pre, hh, gates, hPrev, hNext, B, H) => kernel.gruGates(at(pre), at(hh), at(gates), at(hPrev), at(hNext), B, H),
          lstm: (pre, gates, cPrev, cNext, tanhCell, hNext, B, H) =>
            kernel.lstmGates(at(pre), at(gates), at(cPrev), at(cNext), at(tanhCell), at(hNext), B, H),
          gruBackward: (dh, gates, hPrev, hh, dPre, dHh, dhPrev, carry, B, H) =>
            kernel.gruGatesBackward(at(dh), at(gates), at(hPrev), at(hh), at(dPre), at(dHh), at(dhPrev), carry ? 1 : 0, B, H),
          lstmBackward: (dh, gates, cPrev, tanhCell, dCell, dPre, B, H) =>
            kernel.lstmGatesBackward(at(dh), at(gates), at(cPrev), at(tanhCell), at(dCell), at(dPre), B, H),
          columnSums: (out, m, rows) => kernel.addColumnSums(at(out), at(m), rows, out.length),
        }
    const linear = exports as unknown as Pick<GemmExports, 'diagonalScratchLength' | 'diagonalSisoSteps' | 'diagonalSisoUpdate'>
    // the arguments both kernels share, in their order: the model, then the optimiser (zeros for GD)
    type Six = [number, number, number, number, number, number]
    const model = (x: DiagonalStepArgs): Six => [x.d, x.K, x.balanced ? 1 : 0, x.scale, at(x.params), at(x.grad)]
    const optimiser = (x: DiagonalStepArgs, lr: number): [...Six, number] => x.adam
      ? [at(x.adam.m), at(x.adam.v), 1, lr, x.adam.beta1, x.adam.beta2, x.adam.eps]
      : [0, 0, 0, lr, 0, 0, 0]
    this.diagonalSteps = precision === 'float64'
      ? {
          scratchLength: (d, K) => linear.diagonalScratchLength(d, K),
          run: (x, from, until, lr) => linear.diagonalSisoSteps(from, until, ...model(x), ...optimiser(x, lr), at(x.labels),
            at(x.weights), at(x.losses), x.threshold, at(x.work)),
          update: (x, step, lr) => linear.diagonalSisoUpdate(step, ...model(x), ...optimiser(x, lr), at(x.work)),
        }
      : null
    this.diagonalBatch = precision === 'float64'
      ? (count) => wasmDiagonalBatch(exports as unknown as DiagonalBatchExports, this.alloc(count * TABLE_STRIDE) as Float64Array, count, at)
      : null
  }

  alloc(length: number): F {
    const start = Math.ceil(this.next / 16) * 16 // 16-byte aligned for v128 loads
    if (start + length * this.bytes > this.end) {
      throw new Error(`gemm arena: ${length} values do not fit (capacity set when the model was built)`)
    }
    this.next = start + length * this.bytes
    return (this.precision === 'float32' ? new Float32Array(this.memory.buffer, start, length) : new Float64Array(this.memory.buffer, start, length)) as F
  }

  /** Byte address of an arena array of this arena's precision. */
  private address(x: Readonly<Real>): number {
    if (x.buffer !== this.memory.buffer || x.BYTES_PER_ELEMENT !== this.bytes) {
      throw new Error(`gemm: every operand must be a ${this.precision} array allocated from this arena (Gemm.alloc)`)
    }
    return x.byteOffset
  }

  gemm(c: Real, a: Readonly<Real>, b: Readonly<Real>, m: number, n: number, k: number, transA = false, transB = false): void {
    const pc = this.address(c)
    const pa = this.address(a)
    const pb = this.address(b)
    if (m === 0 || n === 0 || k === 0) return
    // Packing costs O(mk + kn): for a thin product (one input or output channel, a few rows) plain loops are faster.
    if (n < SMALL || k < SMALL || (m < SMALL && !transA && !transB)) {
      this.kernel.gemmThin(transA ? 1 : 0, transB ? 1 : 0, m, n, k, pa, pb, pc)
      return
    }
    if (this.native) {
      this.native.gemm(this.memory.buffer, this.bytes === 4 ? 1 : 0, transA ? 1 : 0, transB ? 1 : 0, m, n, k, pa,
        transA ? m : k, pb, transB ? k : n, pc, n)
      return
    }
    this.kernel.gemm(transA ? 1 : 0, transB ? 1 : 0, m, n, k, pa, transA ? m : k, pb, transB ? k : n, pc, n)
  }
}

let compiled: { api: WasmApi; module: object; fused: boolean } | null | undefined

function wasmModule(): { api: WasmApi; module: object; fused: boolean } | null {
  if (compiled !== undefined) return compiled
  const api = (globalThis as unknown as { WebAssembly?: WasmApi }).WebAssembly
  const fusedBytes = decodeBase64(wasmKernelsRelaxedBase64)
  const bytes = decodeBase64(wasmKernelsBase64)
  if (api && api.validate(fusedBytes)) compiled = { api, module: new api.Module(fusedBytes), fused: true }
  else compiled = api && api.validate(bytes) ? { api, module: new api.Module(bytes), fused: false } : null
  return compiled
}

/** Is the SIMD kernel usable in this runtime (WebAssembly with the SIMD proposal)? */
export function wasmGemmAvailable(): boolean {
  return wasmModule() !== null
}

/** Does the kernel fuse multiply-adds here (relaxed SIMD available)? */
export function wasmGemmFused(): boolean {
  return wasmModule()?.fused ?? false
}

/**
 * A backend able to hold `capacity` values of model buffers in `precision`: by default the fastest there is. 'native'
 * falls back to 'wasm' where the native kernel is not installed, and 'wasm' to 'ts' where WebAssembly SIMD is
 * unavailable (results agree to rounding: the kernels sum in different orders).
 */
export function createGemm<P extends Precision = 'float64'>(capacity: number, backend: GemmBackend = 'native',
  precision: P = 'float64' as P): Gemm<ArrayOf<P>> {
  const wasm = backend === 'ts' ? null : wasmModule()
  const native = backend === 'native' ? nativeKernel : null
  return wasm ? new WasmGemm<ArrayOf<P>>(wasm.api, wasm.module, capacity, precision, native) : new TsGemm<ArrayOf<P>>(precision)
}

/**
 * The machine's limit for these kernels: runs `iterations` rounds of the module's tight loop of 12 independent
 * vector multiply-adds (no memory traffic), 12 × 2 × lanes flops a round (lanes: 2 float64, 4 float32). The caller
 * times it. Null where WebAssembly SIMD is unavailable.
 */
export function simdPeakLoop(iterations: number, precision: Precision): number | null {
  const wasm = wasmModule()
  if (!wasm) return null
  const instance = new wasm.api.Instance(wasm.module, { env: { memory: new wasm.api.Memory({ initial: 1 }) } })
  return (instance.exports as unknown as GemmExports).peakLoop(iterations, precision === 'float32' ? 1 : 0)
}

function decodeBase64(text: string): Uint8Array {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'
  const clean = text.replace(/=+$/, '')
  const out = new Uint8Array(Math.floor((clean.length * 3) / 4))
  let bits = 0
  let value = 0
  let pos = 0
  for (let i = 0; i < clean.length; i++) {
    value = (value << 6) | alphabet.indexOf(clean[i])
    bits += 6
    if (bits >= 8) {
      bits -= 8
      out[pos++] = (value >> bits) & 0xff
    }
  }
  return out
}
