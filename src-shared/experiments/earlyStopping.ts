/**
 * Early stopping that cannot fire on the initial plateau, and the train_fitted verdict. Shared by the linear and gated
 * trainers; the trainers own the loop, this owns the rule.
 */
import type { StoppingSpec } from '../spec/training'

/**
 * A loss has left its plateau once it is below this fraction of its value at step 0. Near-zero inits sit at the zero
 * function's loss for thousands of steps (ICLR23 Fig. 1b: ≈ 1 for the delay teacher) before they learn.
 */
export const PLATEAU_FRACTION = 0.1

/** 1 when the final training loss is below PLATEAU_FRACTION × the initial one: the run fitted its training lengths. */
export function trainFitted(finalLoss: number, initialLoss: number): 0 | 1 {
  return Number.isFinite(finalLoss) && finalLoss < PLATEAU_FRACTION * initialLoss ? 1 : 0
}

/**
 * Checks a validation loss every `every` steps and keeps the best parameters. Patience counts only after the validation
 * loss has fallen below PLATEAU_FRACTION × its first value: before that, a run that has not started to learn would
 * be stopped with the zero function (whose error beyond k can look perfect while the fit on j < k is absent).
 */
export class EarlyStopper {
  private readonly best: Float64Array
  private first: number | null = null
  private bestLoss = Infinity
  private badChecks = 0
  bestStep = 0
  /** The first check at which the validation loss was off its plateau; null while it has not left it. */
  armedAt: number | null = null

  constructor(private readonly rule: NonNullable<StoppingSpec['earlyStopping']>, parameterCount: number) {
    this.best = new Float64Array(parameterCount)
  }

  due(step: number): boolean {
    return step % this.rule.every === 0
  }

  /** Record a check; true when training should stop. Only a relative improvement beyond minImprovement counts. */
  check(step: number, loss: number, params: Readonly<Float64Array>): boolean {
    if (this.first === null) this.first = loss
    if (this.armedAt === null && loss < PLATEAU_FRACTION * this.first) this.armedAt = step
    const significant = loss < this.bestLoss * (1 - this.rule.minImprovement)
    if (loss < this.bestLoss) {
      this.bestLoss = loss
      this.bestStep = step
      this.best.set(params)
    }
    if (significant) {
      this.badChecks = 0
      return false
    }
    return this.armedAt !== null && ++this.badChecks >= this.rule.patience
  }

  /** Count patience afresh (after the trainer changed its step at a plateau); the best loss and step are kept. */
  resume(): void {
    this.badChecks = 0
  }

  /** Put the best parameters seen back (as a checkpointing script would). */
  restore(params: Float64Array): void {
    if (this.bestLoss < Infinity) params.set(this.best)
  }
}
