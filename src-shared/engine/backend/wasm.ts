/**
 * The WASM backend: the kernels of scripts/wasm/*.as.ts (gemm, gates, linear), compiled by scripts/build-wasm.mjs into
 * generated/wasmKernels.generated.ts, run on arenas that are one WebAssembly.Memory each. The product is ~10× the
 * reference's speed in float64 (twice that again in float32: four lanes instead of two). Where the engine has relaxed
 * SIMD (Electron; Node once src-main/engine/backend/native.ts has set the flag) the module built with fused
 * multiply-adds is used.
 */
import { wasmKernelsBase64, wasmKernelsRelaxedBase64 } from './generated/wasmKernels.generated'
import { type Arena, type ArrayOf, type Backend, DIAGONAL_BATCH_STRIDE, type DiagonalRequest, type DiagonalStepArgs, type Precision,
  type Real, type GeneralStepArgs } from './types'
import { fillBatchTable, readBatchEnded } from './diagonalBatchTable'
import { checkBatch } from './reference'

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

/** The compiled module, and whether it is the fused (relaxed SIMD) build. */
export interface WasmModule {
  readonly api: WasmApi
  readonly module: object
  readonly fused: boolean
}

export interface WasmBackend extends Backend {
  readonly name: 'wasm'
  readonly compiled: WasmModule
  /**
   * The machine's limit for these kernels: `iterations` rounds of 12 independent vector multiply-adds (no memory
   * traffic), 12 × 2 × lanes flops a round (lanes: 2 float64, 4 float32). The caller times it.
   */
  peakLoop(iterations: number, precision: Precision): number
}

interface Exports {
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
  diagonalSisoBatch(count: number, table: number): void
  generalScratchLength(d: number, K: number): number
  generalSisoSteps: Exports['diagonalSisoSteps']
  generalSisoUpdate: Exports['diagonalSisoUpdate']
  DIAGONAL_BATCH_STRIDE: { value: number }
}

/** The float32 kernels: the same signatures under names ending in 32. */
type PrecisionKernel = 'gemm' | 'gemmThin' | 'gruGates' | 'lstmGates' | 'gruGatesBackward' | 'lstmGatesBackward' | 'addColumnSums'
type FusedKernel = 'diagonalScratchLength' | 'diagonalSisoSteps' | 'diagonalSisoUpdate' | 'diagonalSisoBatch' | 'generalScratchLength' |
  'generalSisoSteps' | 'generalSisoUpdate'
type Kernels = Pick<Exports, PrecisionKernel | FusedKernel>
function kernelsOf(exports: Record<string, unknown>, precision: Precision): Kernels {
  const suffix = precision === 'float32' ? '32' : ''
  const pick = <K extends PrecisionKernel>(name: K) => exports[name + suffix] as Exports[K]
  const own = exports as unknown as Exports
  return {
    gemm: pick('gemm'), gemmThin: pick('gemmThin'), gruGates: pick('gruGates'), lstmGates: pick('lstmGates'),
    gruGatesBackward: pick('gruGatesBackward'), lstmGatesBackward: pick('lstmGatesBackward'), addColumnSums: pick('addColumnSums'),
    diagonalScratchLength: own.diagonalScratchLength, diagonalSisoSteps: own.diagonalSisoSteps, diagonalSisoUpdate: own.diagonalSisoUpdate,
    diagonalSisoBatch: own.diagonalSisoBatch, generalScratchLength: own.generalScratchLength,
    generalSisoSteps: own.generalSisoSteps, generalSisoUpdate: own.generalSisoUpdate,
  }
}

/**
 * What the module imports: its memory, and the host's Math.pow, so the fused general steps' Adam takes β^t as
 * optim.ts does (AssemblyScript's own pow may differ from the engine's in the last bit).
 */
function imports(memory: WasmMemory): object {
  return { env: { memory, pow: Math.pow } }
}

const PAGE = 65536
/** Products with n or k (or m, untransposed) below this skip packing (gemmThin). */
const SMALL = 4
/** The module's own static data sits below this address; scratch and arrays start here. */
const HEAP_START = PAGE

/** An arena on one WebAssembly.Memory; the native arena (src-main) extends it and replaces the heavy kernels. */
export class WasmArena<F extends Real> implements Arena<F> {
  readonly backend: 'wasm' | 'native' = 'wasm'
  /** The memory every array of this arena lives in (the native kernels take it with byte offsets). */
  protected readonly buffer: ArrayBuffer
  protected readonly kernel: Kernels
  protected readonly bytes: number
  private next: number
  private readonly end: number

  constructor(compiled: WasmModule, capacity: number, readonly precision: Precision) {
    const { api, module } = compiled
    this.bytes = precision === 'float32' ? 4 : 8
    // Sized once: growing the memory would detach every view already handed out.
    const probe = new api.Instance(module, imports(new api.Memory({ initial: 1 })))
    const scratch = (probe.exports as unknown as Exports).scratchBytes()
    const bytes = HEAP_START + scratch + capacity * this.bytes + 64
    const memory = new api.Memory({ initial: Math.ceil(bytes / PAGE) })
    const exports = new api.Instance(module, imports(memory)).exports
    ;(exports as unknown as Exports).setScratch(HEAP_START)
    const stride = (exports as unknown as Exports).DIAGONAL_BATCH_STRIDE.value
    if (stride !== DIAGONAL_BATCH_STRIDE) {
      throw new Error(`kernel arena: the module's diagonal batch table has ${stride} doubles an entry, this side writes ${DIAGONAL_BATCH_STRIDE}`)
    }
    this.kernel = kernelsOf(exports, precision)
    this.buffer = memory.buffer
    this.next = HEAP_START + scratch
    this.end = this.buffer.byteLength
  }

  alloc(length: number): F {
    const start = Math.ceil(this.next / 16) * 16 // 16-byte aligned for v128 loads
    if (start + length * this.bytes > this.end) {
      throw new Error(`kernel arena: ${length} values do not fit (capacity set when the model was built)`)
    }
    this.next = start + length * this.bytes
    return (this.precision === 'float32' ? new Float32Array(this.buffer, start, length) : new Float64Array(this.buffer, start, length)) as F
  }

  /** Byte address of an arena array of this arena's precision. */
  protected at(x: Readonly<Real>): number {
    if (x.buffer !== this.buffer || x.BYTES_PER_ELEMENT !== this.bytes) {
      throw new Error(`kernel arena: every operand must be a ${this.precision} array allocated from this arena (alloc)`)
    }
    return x.byteOffset
  }

  gemm(c: Real, a: Readonly<Real>, b: Readonly<Real>, m: number, n: number, k: number, transA = false, transB = false): void {
    const pc = this.at(c)
    const pa = this.at(a)
    const pb = this.at(b)
    if (m === 0 || n === 0 || k === 0) return
    // Packing costs O(mk + kn): for a thin product (one input or output channel, a few rows) plain loops are faster.
    if (n < SMALL || k < SMALL || (m < SMALL && !transA && !transB)) {
      this.thinGemm(transA ? 1 : 0, transB ? 1 : 0, m, n, k, pa, pb, pc)
      return
    }
    this.packedGemm(transA ? 1 : 0, transB ? 1 : 0, m, n, k, pa, transA ? m : k, pb, transB ? k : n, pc, n)
  }

  /** The thin product (no packing) on byte addresses of contiguous operands. */
  protected thinGemm(transA: number, transB: number, m: number, n: number, k: number, a: number, b: number, c: number): void {
    this.kernel.gemmThin(transA, transB, m, n, k, a, b, c)
  }

  /** The packed (blocked) product on byte addresses with leading dimensions. */
  protected packedGemm(transA: number, transB: number, m: number, n: number, k: number, a: number, lda: number, b: number,
    ldb: number, c: number, ldc: number): void {
    this.kernel.gemm(transA, transB, m, n, k, a, lda, b, ldb, c, ldc)
  }

  gruGates(pre: Readonly<Real>, hh: Readonly<Real>, gates: Real, hPrev: Readonly<Real>, hNext: Real, B: number, H: number): void {
    this.kernel.gruGates(this.at(pre), this.at(hh), this.at(gates), this.at(hPrev), this.at(hNext), B, H)
  }

  gruGatesBackward(dh: Readonly<Real>, gates: Readonly<Real>, hPrev: Readonly<Real>, hh: Readonly<Real>, dPre: Real, dHh: Real,
    dhPrev: Real, carry: boolean, B: number, H: number): void {
    this.kernel.gruGatesBackward(this.at(dh), this.at(gates), this.at(hPrev), this.at(hh), this.at(dPre), this.at(dHh),
      this.at(dhPrev), carry ? 1 : 0, B, H)
  }

  lstmGates(pre: Readonly<Real>, gates: Real, cPrev: Readonly<Real>, cNext: Real, tanhCell: Real, hNext: Real, B: number, H: number): void {
    this.kernel.lstmGates(this.at(pre), this.at(gates), this.at(cPrev), this.at(cNext), this.at(tanhCell), this.at(hNext), B, H)
  }

  lstmGatesBackward(dh: Readonly<Real>, gates: Readonly<Real>, cPrev: Readonly<Real>, tanhCell: Readonly<Real>, dCell: Real,
    dPre: Real, B: number, H: number): void {
    this.kernel.lstmGatesBackward(this.at(dh), this.at(gates), this.at(cPrev), this.at(tanhCell), this.at(dCell), this.at(dPre), B, H)
  }

  columnSums(out: Real, m: Readonly<Real>, rows: number): void {
    this.kernel.addColumnSums(this.at(out), this.at(m), rows, out.length)
  }

  diagonalScratchLength(d: number, K: number): number {
    return this.kernel.diagonalScratchLength(d, K)
  }

  diagonalSteps(x: DiagonalStepArgs, from: number, until: number, lr: number): number {
    this.float64Only()
    return this.kernel.diagonalSisoSteps(from, until, ...this.model(x), ...this.optimiser(x, lr), this.at(x.labels),
      this.at(x.weights), this.at(x.losses), x.threshold, this.at(x.work))
  }

  diagonalUpdate(x: DiagonalStepArgs, step: number, lr: number): void {
    this.float64Only()
    this.kernel.diagonalSisoUpdate(step, ...this.model(x), ...this.optimiser(x, lr), this.at(x.work))
  }

  diagonalBatch(table: Float64Array, students: readonly DiagonalStepArgs[], requests: readonly (DiagonalRequest | null)[],
    ended: Int32Array): void {
    this.float64Only()
    checkBatch(table, students, requests, ended)
    const at = (x: Readonly<Float64Array>): number => this.at(x)
    fillBatchTable(table, students, requests, at)
    this.kernel.diagonalSisoBatch(students.length, at(table))
    readBatchEnded(table, requests, ended)
  }

  generalScratchLength(d: number, K: number): number {
    return this.kernel.generalScratchLength(d, K)
  }

  generalSteps(x: GeneralStepArgs, from: number, until: number, lr: number): number {
    this.float64Only()
    return this.kernel.generalSisoSteps(from, until, ...this.model(x), ...this.optimiser(x, lr), this.at(x.labels),
      this.at(x.weights), this.at(x.losses), x.threshold, this.at(x.work))
  }

  generalUpdate(x: GeneralStepArgs, step: number, lr: number): void {
    this.float64Only()
    this.kernel.generalSisoUpdate(step, ...this.model(x), ...this.optimiser(x, lr), this.at(x.work))
  }

  private float64Only(): void {
    if (this.precision !== 'float64') throw new Error('kernel arena: the fused linear steps run on float64 arenas only')
  }

  /** The arguments the fused linear kernels share, in their order: the model, then the optimiser (zeros for GD). */
  private model(x: DiagonalStepArgs): [number, number, number, number, number, number] {
    return [x.d, x.K, x.balanced ? 1 : 0, x.scale, this.at(x.params), this.at(x.grad)]
  }
  private optimiser(x: DiagonalStepArgs, lr: number): [number, number, number, number, number, number, number] {
    return x.adam
      ? [this.at(x.adam.m), this.at(x.adam.v), 1, lr, x.adam.beta1, x.adam.beta2, x.adam.eps]
      : [0, 0, 0, lr, 0, 0, 0]
  }
}

/**
 * Compiles the kernels: the fused (relaxed SIMD) build where the engine validates it (unless `fused` is false), else
 * the plain SIMD build; null where WebAssembly SIMD is missing.
 */
export function compileWasmKernels(fused = true): WasmModule | null {
  const api = (globalThis as unknown as { WebAssembly?: WasmApi }).WebAssembly
  if (!api) return null
  const fusedBytes = decodeBase64(wasmKernelsRelaxedBase64)
  if (fused && api.validate(fusedBytes)) return { api, module: new api.Module(fusedBytes), fused: true }
  const bytes = decodeBase64(wasmKernelsBase64)
  return api.validate(bytes) ? { api, module: new api.Module(bytes), fused: false } : null
}

/** The WASM backend on a compiled module (compileWasmKernels), or, with none given, on a fresh compile; null without SIMD. */
export function createWasmBackend(compiled: WasmModule | null = compileWasmKernels()): WasmBackend | null {
  if (!compiled) return null
  return {
    name: 'wasm',
    compiled,
    arena: <P extends Precision = 'float64'>(capacity: number, precision: P = 'float64' as P): Arena<ArrayOf<P>> =>
      new WasmArena<ArrayOf<P>>(compiled, capacity, precision),
    peakLoop(iterations, precision) {
      const instance = new compiled.api.Instance(compiled.module, imports(new compiled.api.Memory({ initial: 1 })))
      return (instance.exports as unknown as Exports).peakLoop(iterations, precision === 'float32' ? 1 : 0)
    },
  }
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
