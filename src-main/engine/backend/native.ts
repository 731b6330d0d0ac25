/**
 * The native backend: the C++ kernels of native/ (AVX-512 or AVX2 with fused multiply-adds, optionally on several
 * threads; built by `npm install` into build/Release/impulse_native.node) on the WASM backend's arenas. It replaces the
 * packed products, the one- and two-row thin products of the impulse carries, the gate steps and Adam's update; the
 * other thin products and the fused diagonal (alone or batched) and general steps stay WASM's. Its interface, the
 * reference and the WASM binding are in src-shared/engine/backend/ (src-shared cannot load an addon).
 */
import {
  WasmArena,
  type Arena,
  type ArrayOf,
  type Backend,
  type Precision,
  type Real,
  type WasmBackend,
  type WasmModule,
} from '../../../src-shared/engine/backend'

/**
 * The addon's functions (native/addon.cc): the Arena operations on a WebAssembly.Memory's buffer with byte offsets,
 * float32 (1 or 0) first.
 */
export interface NativeAddon {
  gemm(memory: ArrayBuffer, float32: number, transA: number, transB: number, m: number, n: number, k: number, a: number,
    lda: number, b: number, ldb: number, c: number, ldc: number): void
  /**
   * C += op(A) · op(B) on contiguous operands when A has one or two rows (untransposed) or B one or two rows
   * (transposed): the impulse carries' products. Returns false, having done nothing, for any other shape.
   */
  gemmThin(memory: ArrayBuffer, float32: number, transA: number, transB: number, m: number, n: number, k: number, a: number,
    b: number, c: number): boolean
  /** Adam's update in place (native/adam.cc): optim.ts's adamLoop bit for bit, several parameters a vector. */
  adamUpdate(params: Float64Array, grad: Readonly<Float64Array>, m: Float64Array, v: Float64Array, stepSize: number,
    sqrtBc2: number, beta1: number, beta2: number, eps: number): void
  /** Threads one product may use from now on; returns the setting. */
  setThreads(threads: number): number
  /** The instruction set the kernel runs ("avx512", "avx2", "generic"). */
  isa(): string
  /** `rounds` rounds of 12 independent vector multiply-adds; returns the flops done. */
  peakLoop(rounds: number, float32: number): number
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

export interface NativeBackend extends Backend {
  readonly name: 'native'
  readonly addon: NativeAddon
}

class NativeArena<F extends Real> extends WasmArena<F> {
  override readonly backend = 'native' as const
  private readonly f32: number

  constructor(compiled: WasmModule, capacity: number, precision: Precision, private readonly addon: NativeAddon) {
    super(compiled, capacity, precision)
    this.f32 = precision === 'float32' ? 1 : 0
  }

  protected override packedGemm(transA: number, transB: number, m: number, n: number, k: number, a: number, lda: number,
    b: number, ldb: number, c: number, ldc: number): void {
    this.addon.gemm(this.buffer, this.f32, transA, transB, m, n, k, a, lda, b, ldb, c, ldc)
  }

  protected override thinGemm(transA: number, transB: number, m: number, n: number, k: number, a: number, b: number, c: number): void {
    // the carries' one- and two-row products stream a whole matrix per call: native vectors are 2–4× WebAssembly's
    if (!this.addon.gemmThin(this.buffer, this.f32, transA, transB, m, n, k, a, b, c)) super.thinGemm(transA, transB, m, n, k, a, b, c)
  }

  override gruGates(pre: Readonly<Real>, hh: Readonly<Real>, gates: Real, hPrev: Readonly<Real>, hNext: Real, B: number, H: number): void {
    this.addon.gruGates(this.buffer, this.f32, this.at(pre), this.at(hh), this.at(gates), this.at(hPrev), this.at(hNext), B, H)
  }

  override gruGatesBackward(dh: Readonly<Real>, gates: Readonly<Real>, hPrev: Readonly<Real>, hh: Readonly<Real>, dPre: Real,
    dHh: Real, dhPrev: Real, carry: boolean, B: number, H: number): void {
    this.addon.gruGatesBackward(this.buffer, this.f32, this.at(dh), this.at(gates), this.at(hPrev), this.at(hh), this.at(dPre),
      this.at(dHh), this.at(dhPrev), B, H, carry ? 1 : 0)
  }

  override lstmGates(pre: Readonly<Real>, gates: Real, cPrev: Readonly<Real>, cNext: Real, tanhCell: Real, hNext: Real, B: number,
    H: number): void {
    this.addon.lstmGates(this.buffer, this.f32, this.at(pre), this.at(gates), this.at(cPrev), this.at(cNext), this.at(tanhCell),
      this.at(hNext), B, H)
  }

  override lstmGatesBackward(dh: Readonly<Real>, gates: Readonly<Real>, cPrev: Readonly<Real>, tanhCell: Readonly<Real>,
    dCell: Real, dPre: Real, B: number, H: number): void {
    this.addon.lstmGatesBackward(this.buffer, this.f32, this.at(dh), this.at(gates), this.at(cPrev), this.at(tanhCell),
      this.at(dCell), this.at(dPre), B, H)
  }

  override columnSums(out: Real, m: Readonly<Real>, rows: number): void {
    this.addon.addColumnSums(this.buffer, this.f32, this.at(out), this.at(m), rows, out.length)
  }
}

/** The native backend from a loaded addon and the WASM backend whose arenas and thin kernels it shares. */
export function createNativeBackend(addon: NativeAddon, wasm: WasmBackend): NativeBackend {
  return {
    name: 'native',
    addon,
    arena: <P extends Precision = 'float64'>(capacity: number, precision: P = 'float64' as P): Arena<ArrayOf<P>> =>
      new NativeArena<ArrayOf<P>>(wasm.compiled, capacity, precision, addon),
    adamUpdate: (params, grad, m, v, stepSize, sqrtBc2, beta1, beta2, eps) =>
      addon.adamUpdate(params, grad, m, v, stepSize, sqrtBc2, beta1, beta2, eps),
  }
}
