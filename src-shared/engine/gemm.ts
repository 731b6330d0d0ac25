/**
 * The matrix product behind the gated students: C (m×n) += op(A) · op(B), row-major float64, in two backends —
 * a plain TypeScript reference and a WebAssembly SIMD kernel (source scripts/wasm/gemm.as.ts) that runs ~10×
 * faster. A backend is also an arena: a model allocates all its buffers from it once, so the WASM kernel works
 * in place on one WebAssembly.Memory and a call copies nothing. The WASM arena also carries the GRU/LSTM gate
 * kernels (scripts/wasm/gates.as.ts), which gru.ts and lstm.ts use when present.
 */
import { wasmKernelsBase64 } from './wasmKernels'

export type GemmBackend = 'wasm' | 'ts'

export interface Gemm {
  readonly backend: GemmBackend
  /** A zeroed array of `length` doubles the backend can multiply (allocate once per run, never per step). */
  alloc(length: number): Float64Array
  /**
   * c += op(a) · op(b) with op(a) m×k and op(b) k×n, every matrix contiguous row-major: a is m×k (k×m when transA),
   * b is k×n (n×k when transB), c is m×n. Accumulates, like every backward pass here.
   */
  gemm(c: Float64Array, a: Readonly<Float64Array>, b: Readonly<Float64Array>, m: number, n: number, k: number,
    transA?: boolean, transB?: boolean): void
  /** SIMD gate arithmetic on arena arrays (null for the TS backend: the cells then run their own loops). */
  readonly gates: GateKernels | null
}

/** One step of gate arithmetic for B rows; the arguments are the rows of that step (see gru.ts, lstm.ts). */
export interface GateKernels {
  gru(pre: Float64Array, hh: Float64Array, gates: Float64Array, hPrev: Float64Array, hNext: Float64Array, B: number, H: number): void
  lstm(pre: Float64Array, gates: Float64Array, cPrev: Float64Array, cNext: Float64Array, tanhCell: Float64Array,
    hNext: Float64Array, B: number, H: number): void
  /** dhPrev += z ⊙ dh only when `carry` (not at the first step). */
  gruBackward(dh: Float64Array, gates: Float64Array, hPrev: Float64Array, hh: Float64Array, dPre: Float64Array,
    dHh: Float64Array, dhPrev: Float64Array, carry: boolean, B: number, H: number): void
  lstmBackward(dh: Float64Array, gates: Float64Array, cPrev: Float64Array, tanhCell: Float64Array, dCell: Float64Array,
    dPre: Float64Array, B: number, H: number): void
  /** out += the column sums of the first `rows` rows of m (rows × out.length). */
  columnSums(out: Float64Array, m: Float64Array, rows: number): void
}

/** The reference: obvious loops, one per transpose case, each reading its operands along rows. */
export function gemmReference(c: Float64Array, a: Readonly<Float64Array>, b: Readonly<Float64Array>, m: number,
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

class TsGemm implements Gemm {
  readonly backend = 'ts' as const
  readonly gates = null
  alloc(length: number): Float64Array {
    return new Float64Array(length)
  }
  gemm(c: Float64Array, a: Readonly<Float64Array>, b: Readonly<Float64Array>, m: number, n: number, k: number,
    transA = false, transB = false): void {
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
}

const PAGE = 65536
/** Products with n or k below this skip packing (gemmThin). */
const SMALL = 4
/** The module's own static data sits below this address; scratch and arrays start here. */
const HEAP_START = PAGE

class WasmGemm implements Gemm {
  readonly backend = 'wasm' as const
  readonly gates: GateKernels
  private readonly memory: WasmMemory
  private readonly kernel: GemmExports
  private next: number
  private readonly end: number

  constructor(api: WasmApi, module: object, capacity: number) {
    // Sized once: growing the memory would detach every view already handed out.
    const probe = new api.Instance(module, { env: { memory: new api.Memory({ initial: 1 }) } })
    const scratch = (probe.exports as unknown as GemmExports).scratchBytes()
    const bytes = HEAP_START + scratch + capacity * 8 + 64
    this.memory = new api.Memory({ initial: Math.ceil(bytes / PAGE) })
    this.kernel = new api.Instance(module, { env: { memory: this.memory } }).exports as unknown as GemmExports
    this.kernel.setScratch(HEAP_START)
    this.next = HEAP_START + scratch
    this.end = this.memory.buffer.byteLength
    const kernel = this.kernel
    this.gates = {
      gru: (pre, hh, gates, hPrev, hNext, B, H) =>
        kernel.gruGates(pre.byteOffset, hh.byteOffset, gates.byteOffset, hPrev.byteOffset, hNext.byteOffset, B, H),
      lstm: (pre, gates, cPrev, cNext, tanhCell, hNext, B, H) =>
        kernel.lstmGates(pre.byteOffset, gates.byteOffset, cPrev.byteOffset, cNext.byteOffset, tanhCell.byteOffset,
          hNext.byteOffset, B, H),
      gruBackward: (dh, gates, hPrev, hh, dPre, dHh, dhPrev, carry, B, H) =>
        kernel.gruGatesBackward(dh.byteOffset, gates.byteOffset, hPrev.byteOffset, hh.byteOffset, dPre.byteOffset,
          dHh.byteOffset, dhPrev.byteOffset, carry ? 1 : 0, B, H),
      lstmBackward: (dh, gates, cPrev, tanhCell, dCell, dPre, B, H) =>
        kernel.lstmGatesBackward(dh.byteOffset, gates.byteOffset, cPrev.byteOffset, tanhCell.byteOffset,
          dCell.byteOffset, dPre.byteOffset, B, H),
      columnSums: (out, m, rows) => kernel.addColumnSums(out.byteOffset, m.byteOffset, rows, out.length),
    }
  }

  alloc(length: number): Float64Array {
    const start = Math.ceil(this.next / 16) * 16 // 16-byte aligned for v128 loads
    if (start + length * 8 > this.end) {
      throw new Error(`gemm arena: ${length} doubles do not fit (capacity set when the model was built)`)
    }
    this.next = start + length * 8
    return new Float64Array(this.memory.buffer, start, length)
  }

  gemm(c: Float64Array, a: Readonly<Float64Array>, b: Readonly<Float64Array>, m: number, n: number, k: number,
    transA = false, transB = false): void {
    const buffer = this.memory.buffer
    if (c.buffer !== buffer || a.buffer !== buffer || b.buffer !== buffer) {
      throw new Error('gemm: every operand must be allocated from this arena (Gemm.alloc)')
    }
    if (m === 0 || n === 0 || k === 0) return
    // Packing costs O(mk + kn): for a thin product (one input or output channel) plain loops are faster.
    if (n < SMALL || k < SMALL) {
      this.kernel.gemmThin(transA ? 1 : 0, transB ? 1 : 0, m, n, k, a.byteOffset, b.byteOffset, c.byteOffset)
      return
    }
    this.kernel.gemm(transA ? 1 : 0, transB ? 1 : 0, m, n, k, a.byteOffset, transA ? m : k, b.byteOffset,
      transB ? k : n, c.byteOffset, n)
  }
}

let compiled: { api: WasmApi; module: object } | null | undefined

function wasmModule(): { api: WasmApi; module: object } | null {
  if (compiled !== undefined) return compiled
  const api = (globalThis as unknown as { WebAssembly?: WasmApi }).WebAssembly
  const bytes = decodeBase64(wasmKernelsBase64)
  compiled = api && api.validate(bytes) ? { api, module: new api.Module(bytes) } : null
  return compiled
}

/** Is the SIMD kernel usable in this runtime (WebAssembly with the SIMD proposal)? */
export function wasmGemmAvailable(): boolean {
  return wasmModule() !== null
}

/**
 * A backend able to hold `capacity` doubles of model buffers. 'wasm' falls back to 'ts' where WebAssembly SIMD
 * is unavailable (results agree to rounding: the kernel sums in a different order).
 */
export function createGemm(capacity: number, backend: GemmBackend = 'wasm'): Gemm {
  const wasm = backend === 'wasm' ? wasmModule() : null
  return wasm ? new WasmGemm(wasm.api, wasm.module, capacity) : new TsGemm()
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
