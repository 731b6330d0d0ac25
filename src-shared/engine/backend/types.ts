/**
 * The kernel backend: every operation the engine's inner loops call, behind one interface. Three implementations
 * have the same signatures: `reference` (reference.ts, plain TypeScript, the definition of each operation), `wasm`
 * (wasm.ts, WebAssembly SIMD compiled from scripts/wasm/*.as.ts) and `native` (src-main/engine/backend/native.ts,
 * the C++ of native/). The process entry point picks one and passes it down; see README.md in this folder.
 */

import type { AdamLoop } from '../optim'

export type BackendName = 'reference' | 'wasm' | 'native'
export type Precision = 'float64' | 'float32'
/** A buffer of either precision; one arena holds one. */
export type Real = Float64Array | Float32Array
export type ArrayOf<P extends Precision> = P extends 'float32' ? Float32Array : Float64Array

export interface Backend {
  readonly name: BackendName
  /**
   * An arena able to hold `capacity` values in `precision`: a model allocates all its buffers from it once, and the
   * kernels work on them in place (for WASM and native, one WebAssembly.Memory: a call copies nothing).
   */
  arena<P extends Precision = 'float64'>(capacity: number, precision?: P): Arena<ArrayOf<P>>
  /**
   * Adam's update on any float64 arrays (not only an arena's), giving optim.ts's adamLoop bit for bit; a backend
   * without one leaves the optimiser to that loop.
   */
  adamUpdate?: AdamLoop
}

/**
 * The operations, on arrays allocated from this arena (WASM and native reject any other array). Every one has a
 * reference of the same name and signature in reference.ts.
 */
export interface Arena<F extends Real = Float64Array> {
  readonly backend: BackendName
  readonly precision: Precision
  /** A zeroed array of `length` values the kernels can use (allocate once per run, never per step). */
  alloc(length: number): F
  /**
   * c += op(a) · op(b) with op(a) m×k and op(b) k×n, every matrix contiguous row-major: a is m×k (k×m when transA),
   * b is k×n (n×k when transB), c is m×n. Accumulates, like every backward pass here.
   */
  gemm(c: Real, a: Readonly<Real>, b: Readonly<Real>, m: number, n: number, k: number, transA?: boolean, transB?: boolean): void
  /**
   * One GRU step for B rows (torch.nn.GRU): pre = W_ih x + b_ih and hh = W_hh h + b_hh, (B, 3H) each; writes the gates
   * (r, z, n) and h' = (1 − z) n + z h into hNext.
   */
  gruGates(pre: Readonly<Real>, hh: Readonly<Real>, gates: Real, hPrev: Readonly<Real>, hNext: Real, B: number, H: number): void
  /**
   * The GRU step backward: from dh (dL/dh'), writes dPre and dHh (the gradients of pre and hh) and, only when `carry`
   * (not at the first step), adds z ⊙ dh into dhPrev.
   */
  gruGatesBackward(dh: Readonly<Real>, gates: Readonly<Real>, hPrev: Readonly<Real>, hh: Readonly<Real>, dPre: Real, dHh: Real,
    dhPrev: Real, carry: boolean, B: number, H: number): void
  /**
   * One LSTM step for B rows (torch.nn.LSTM, gates i, f, g, o): pre (B, 4H) the full pre-activation; writes the gates,
   * c' into cNext, tanh(c') into tanhCell and h' = o tanh(c') into hNext.
   */
  lstmGates(pre: Readonly<Real>, gates: Real, cPrev: Readonly<Real>, cNext: Real, tanhCell: Real, hNext: Real, B: number, H: number): void
  /** The LSTM step backward: dCell carries dL/dc back one step (read, then overwritten); writes dPre. */
  lstmGatesBackward(dh: Readonly<Real>, gates: Readonly<Real>, cPrev: Readonly<Real>, tanhCell: Readonly<Real>, dCell: Real,
    dPre: Real, B: number, H: number): void
  /** out += the column sums of the first `rows` rows of m (rows × out.length): bias gradients. */
  columnSums(out: Real, m: Readonly<Real>, rows: number): void
  /** Doubles of scratch the fused diagonal steps need for width d and K lags. */
  diagonalScratchLength(d: number, K: number): number
  /**
   * Whole training steps of a diagonal SISO student (float64 arenas only): from `from` on at learning rate lr, ending
   * after the forward pass and loss of step `until` (or of the first step whose loss is not finite or below the
   * threshold) without its update; returns that step.
   */
  diagonalSteps(args: DiagonalStepArgs, from: number, until: number, lr: number): number
  /** The update of the step `diagonalSteps` ended at. */
  diagonalUpdate(args: DiagonalStepArgs, step: number, lr: number): void
  /**
   * Many students of this arena in one call (a batch of runs side by side): student i's request, if any, is served as
   * diagonalSteps (ended[i] gets the step it returns) or diagonalUpdate would serve it alone, so its numbers do not
   * depend on the batch. `table` is the call's scratch, DIAGONAL_BATCH_STRIDE doubles per student, from this arena.
   */
  diagonalBatch(table: Float64Array, students: readonly DiagonalStepArgs[], requests: readonly (DiagonalRequest | null)[],
    ended: Int32Array): void
  /** Doubles of scratch the fused general steps need for width d and K lags. */
  generalScratchLength(d: number, K: number): number
  /** Whole training steps of a general (d × d A) SISO student, as diagonalSteps runs a diagonal one (float64 only). */
  generalSteps(args: GeneralStepArgs, from: number, until: number, lr: number): number
  /** The update of the step `generalSteps` ended at. */
  generalUpdate(args: GeneralStepArgs, step: number, lr: number): void
}

/** What one student asks of a batch call: its steps from `from` to `until` (diagonalSteps), or an update. */
export type DiagonalRequest =
  | { kind: 'run'; from: number; until: number; lr: number }
  | { kind: 'update'; step: number; lr: number }

/** Doubles of diagonalBatch's table per student (the layout of scripts/wasm/linear.as.ts's diagonalSisoBatch). */
export const DIAGONAL_BATCH_STRIDE = 24

/**
 * The arena arrays and settings of diagonal SISO training on the population loss Σ_j w_j (ĥ_j − t_j)² (driven by
 * engine/diagonalSteps.ts).
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
  /** Scratch of `diagonalScratchLength(d, K)` doubles, zeroed; its first K hold ĥ of the last forward pass. */
  work: Float64Array
}

/**
 * The same for a general SISO student (engine/generalSteps.ts): params (and grad) hold A (d × d, row-major), B (d),
 * then C (d) unless balanced; work holds `generalScratchLength(d, K)` doubles, its first K ĥ of the last forward pass.
 */
export type GeneralStepArgs = DiagonalStepArgs
