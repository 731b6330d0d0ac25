/**
 * When each EMAMI21 Table 1 model stops: a fixed step budget, or — with stopping.earlyStopping — when its loss on
 * held-out training windows has stopped improving. The RNN and its scaled Conv1D form one group judged on their summed
 * held-out loss, so they always take the same steps (the paper's comparison); the Conv1D is its own group.
 */
import type { StoppingSpec } from '../spec/training'
import { EarlyStopper } from './earlyStopping'
import type { TwinModel } from './emami21Models'

interface Group {
  members: number[]
  stopper: EarlyStopper | null
  /** The step count when the held-out criterion stopped the group; null while it trains (or when it ran out of budget). */
  convergedAt: number | null
  best: Float64Array[]
  /** Plateaus at which the group went back to its best parameters with half the step. */
  decays: number[]
}

export class TwinSchedule {
  private readonly groups: Group[]
  private readonly groupOf: number[]

  /** `decays`: how many plateaus a group may meet by halving its step (options.plateauDecays) before it stops. */
  constructor(models: readonly TwinModel[], rule: StoppingSpec['earlyStopping'], private readonly maxDecays = 0) {
    const twin = models.map((m, i) => (m.name === 'conv1d' ? -1 : i)).filter((i) => i >= 0)
    const memberLists = [twin, ...models.map((m, i) => (m.name === 'conv1d' ? [i] : [])).filter((g) => g.length > 0)].filter((g) => g.length > 0)
    this.groups = memberLists.map((members) => ({
      members,
      stopper: rule ? new EarlyStopper(rule, 0) : null,
      convergedAt: null,
      best: members.map((i) => Float64Array.from(models[i].params)),
      decays: [],
    }))
    this.groupOf = models.map((_, i) => this.groups.findIndex((g) => g.members.includes(i)))
  }

  /** Is model i still training? */
  training(i: number): boolean {
    return this.groups[this.groupOf[i]].convergedAt === null
  }

  get allStopped(): boolean {
    return this.groups.every((g) => g.convergedAt !== null)
  }

  /**
   * A held-out evaluation after `steps` updates (heldOut[i] = model i's loss on the held-out windows): keeps each
   * group's best parameters and stops the groups whose criterion fires, or, while they have decays left, puts their
   * best parameters back. Returns the models whose step the trainer must halve.
   */
  record(steps: number, heldOut: readonly number[], models: readonly TwinModel[]): number[] {
    const halve: number[] = []
    for (const g of this.groups) {
      if (!g.stopper || g.convergedAt !== null) continue
      const loss = g.members.reduce((s, i) => s + heldOut[i], 0)
      const stop = g.stopper.check(steps, loss, new Float64Array(0))
      if (g.stopper.bestStep === steps) g.members.forEach((i, k) => g.best[k].set(models[i].params))
      if (!stop) continue
      if (g.decays.length < this.maxDecays) {
        g.decays.push(steps)
        g.members.forEach((i, k) => models[i].params.set(g.best[k]))
        g.stopper.resume()
        halve.push(...g.members)
      } else g.convergedAt = steps
    }
    return halve
  }

  /** The steps at which model i's group halved its step at a plateau. */
  decaysOf(i: number): readonly number[] {
    return this.groups[this.groupOf[i]].decays
  }

  /** Put each group's best held-out parameters back (criterion mode only). */
  restoreBest(models: readonly TwinModel[]): void {
    for (const g of this.groups) if (g.stopper) g.members.forEach((i, k) => models[i].params.set(g.best[k]))
  }

  /** Per model: converged (1/0, null without a criterion), the step it stopped at, and the step its parameters are from. */
  report(i: number, budget: number): { converged: number | null; stoppedAt: number; bestStep: number } {
    const g = this.groups[this.groupOf[i]]
    if (!g.stopper) return { converged: null, stoppedAt: budget, bestStep: budget }
    return { converged: g.convergedAt === null ? 0 : 1, stoppedAt: g.convergedAt ?? budget, bestStep: g.stopper.bestStep }
  }
}

/**
 * The largest curvature of a conv-family model's loss on windows with Gram matrix G = Σ f fᵀ (T n_x square, feature
 * (j, a)): the Hessian is 2/count_norm · D G D ⊗ I_{n_y} with D = diag(√ρ_j) per tap (the scaled Conv1D; ρ = 1 for the
 * Conv1D), count_norm = count · n_y for a mean loss, 1 for a sum. Power iteration, 200 steps from a fixed start.
 */
export function lossCurvature(gram: Readonly<Float64Array>, dim: number, nx: number, tapScale: Readonly<Float64Array> | null, norm: number): number {
  const d = Float64Array.from({ length: dim }, (_, f) => (tapScale ? Math.sqrt(tapScale[Math.floor(f / nx)]) : 1))
  let v = new Float64Array(dim).fill(1 / Math.sqrt(dim))
  let w = new Float64Array(dim)
  let lambda = 0
  for (let it = 0; it < 200; it++) {
    for (let r = 0; r < dim; r++) {
      let acc = 0
      for (let c = 0; c < dim; c++) acc += gram[r * dim + c] * d[c] * v[c]
      w[r] = d[r] * acc
    }
    let norm2 = 0
    for (let r = 0; r < dim; r++) norm2 += w[r] * w[r]
    lambda = Math.sqrt(norm2)
    if (lambda === 0) return 0
    for (let r = 0; r < dim; r++) w[r] /= lambda
    const t = v
    v = w
    w = t
  }
  return (2 * lambda) / norm
}
