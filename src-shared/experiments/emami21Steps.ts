/**
 * Step sizes for EMAMI21 Table 1 from the recording itself, and the guard that backs a step off when a model
 * diverges anyway. Not the training loop (emami21Real.ts owns it) and not the stopping rule (emami21Schedule.ts).
 */
import type { TwinModel } from './emami21Models'

/**
 * The curvature that bounds a stable step on a conv-family loss with window Gram matrix G (T n_x square):
 * the Hessian of the mean loss is H = 2/norm · D G D ⊗ I_{n_y} (D = diag(√ρ_j) per tap for the scaled Conv1D, the
 * RNN's kernel regime; D = I for the Conv1D). Plain GD is stable below 2/λ_max(H). A minibatch of B windows adds
 * the noise of its own Hessian, whose mean largest eigenvalue per window is tr(H)/n_y: minibatch SGD on a quadratic
 * is stable below 2/(λ_max + tr(H)/(n_y B)) (the bound grows to λ_max as B reaches every window).
 */
export interface Curvature {
  /** λ_max(H) by power iteration. */
  lambdaMax: number
  /** λ_max + tr(H)/(n_y B): the curvature the step is chosen against. */
  effective: number
  /** Matrix-vector products the power iteration took. */
  products: number
}

/** Power iteration on D G D: stops when λ moves by less than 1e-4 relative, or after maxProducts products. */
export function stepCurvature(gram: Readonly<Float64Array>, dim: number, nx: number, tapScale: Readonly<Float64Array> | null, norm: number, batch: number, count: number, maxProducts = 100): Curvature {
  const d = Float64Array.from({ length: dim }, (_, f) => (tapScale ? Math.sqrt(tapScale[Math.floor(f / nx)]) : 1))
  let trace = 0
  for (let f = 0; f < dim; f++) trace += d[f] * d[f] * gram[f * dim + f]
  // A start with weight on every feature, deterministic, not orthogonal to the top eigenvector of a PSD matrix with
  // positive entries on its diagonal blocks.
  let v = Float64Array.from({ length: dim }, (_, f) => 1 + 0.5 * Math.sin(f))
  let w = new Float64Array(dim)
  const unit = (x: Float64Array) => {
    let s = 0
    for (let r = 0; r < dim; r++) s += x[r] * x[r]
    const n = Math.sqrt(s)
    if (n > 0) for (let r = 0; r < dim; r++) x[r] /= n
    return n
  }
  unit(v)
  let lambda = 0
  let products = 0
  while (products < maxProducts) {
    for (let r = 0; r < dim; r++) {
      let acc = 0
      const row = r * dim
      for (let c = 0; c < dim; c++) acc += gram[row + c] * d[c] * v[c]
      w[r] = d[r] * acc
    }
    products++
    const next = unit(w)
    const t = v
    v = w
    w = t
    const settled = Math.abs(next - lambda) <= 1e-4 * next
    lambda = next
    if (lambda === 0 || settled) break
  }
  const lambdaMax = (2 * lambda) / norm
  // tr(H)/(n_y B) with tr(H) = 2 n_y tr(DGD)/norm.
  const noise = batch < count ? (2 * trace) / norm / batch : 0
  return { lambdaMax, effective: lambdaMax + noise, products }
}

/** A model whose loss goes above this multiple of its starting loss is diverging (a converging model never does). */
export const RISE_FACTOR = 3
/** After this many halvings a model stops training where it last was sound (2⁻²⁰ of its first step). */
export const MAX_BACKOFFS = 20

/**
 * The divergence guard: keeps each model's last sound parameters; when a model's loss turns non-finite or rises
 * above RISE_FACTOR × its starting loss, every model of its group (the twins share one step) goes back to them and
 * the group's step is halved. Parameters are never left non-finite.
 */
export class DivergenceGuard {
  /** Per model, the steps at which its step size was halved. */
  readonly backoffs: number[][]
  private readonly good: Float64Array[]
  private readonly start: number[] = []

  constructor(private readonly models: readonly TwinModel[], private readonly groups: readonly (readonly number[])[], readonly lrs: number[]) {
    this.backoffs = models.map(() => [])
    this.good = models.map((m) => Float64Array.from(m.params))
  }

  /** The loss each model starts from (step 0). */
  setStart(losses: readonly number[]): void {
    losses.forEach((l, i) => (this.start[i] = l))
  }

  diverged(i: number, loss: number): boolean {
    return !Number.isFinite(loss) || (Number.isFinite(this.start[i]) && loss > RISE_FACTOR * this.start[i])
  }

  /** Has model i's group used up its back-offs (it then trains no more)? */
  exhausted(i: number): boolean {
    return this.backoffs[i].length > MAX_BACKOFFS
  }

  /** Remember the current parameters of every group whose members are all sound at these losses. */
  keep(losses: ReadonlyArray<number | null>): void {
    for (const g of this.groups) {
      if (g.some((i) => losses[i] === null || this.diverged(i, losses[i]!) || !allFinite(this.models[i].params))) continue
      for (const i of g) this.good[i].set(this.models[i].params)
    }
  }

  /**
   * Back off every group with a diverging member at these losses (null for a model that did not train this step):
   * restore, halve the step. Returns the models whose step changed.
   */
  check(step: number, losses: ReadonlyArray<number | null>): number[] {
    const changed: number[] = []
    for (const g of this.groups) {
      if (!g.some((i) => losses[i] !== null && this.diverged(i, losses[i]!))) continue
      for (const i of g) {
        this.models[i].params.set(this.good[i])
        this.lrs[i] /= 2
        this.backoffs[i].push(step)
        changed.push(i)
      }
    }
    return changed
  }

  /** Put the last sound parameters back into any model left with a non-finite one; true when it did. */
  restoreNonFinite(): boolean {
    let any = false
    this.models.forEach((m, i) => {
      if (allFinite(m.params)) return
      m.params.set(this.good[i])
      any = true
    })
    return any
  }

  /** The warning for model i's back-offs, or null when it had none. */
  warning(i: number): string | null {
    const steps = this.backoffs[i]
    if (steps.length === 0) return null
    const shown = steps.length > 8 ? [...steps.slice(0, 8), '…'] : steps
    const gaveUp = this.exhausted(i) ? `; after ${MAX_BACKOFFS} halvings it stopped at its last sound parameters` : ''
    return `${this.models[i].name}: the loss diverged and the step was halved ${steps.length} time(s) (at step ${shown.join(', ')}), each time from the last sound parameters; it ended at lr ${this.lrs[i].toPrecision(3)}${gaveUp}`
  }
}

function allFinite(a: Readonly<Float64Array>): boolean {
  for (let i = 0; i < a.length; i++) if (!Number.isFinite(a[i])) return false
  return true
}
