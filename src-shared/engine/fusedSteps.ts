/**
 * Fused training steps of single-input single-output linear students on the population loss: the stepper the trainer
 * drives (trainLinear.ts), made by the diagonal (diagonalSteps.ts) or general (generalSteps.ts) kind that applies.
 * Its parameters, gradient, Adam's moments and loss curve live in one kernel arena and the steps between two
 * checkpoints run in one kernel call, ending on the checkpoint's forward pass so the trainer can record it.
 */
import type { Backend } from './backend'
import { makeDiagonalStepper } from './diagonalSteps'
import { makeGeneralStepper } from './generalSteps'
import type { LinearDims } from './linearRnn'
import type { OptimizerSpec } from '../spec/training'

export interface FusedStepper {
  /** The parameter and gradient buffers (layout of linearParams) and the loss per step, in the arena. */
  params: Float64Array
  grad: Float64Array
  losses: Float64Array
  /** ĥ_j (j < K) of the last forward pass. */
  h: Float64Array
  /**
   * Runs steps from `from` on at learning rate lr and ends after the forward pass and loss of step `until` — or of an
   * earlier step whose loss is not finite or below the threshold — without its update; returns that step.
   */
  run(from: number, until: number, lr: number): number
  /** The update of the step `run` ended at, at learning rate lr; leaves the gradient in `grad`. */
  update(step: number, lr: number): void
}

export interface FusedStepperInput {
  dims: LinearDims
  /** Lags of the loss, t_j and w_j of Σ_j w_j (ĥ_j − t_j)². */
  K: number
  labels: Readonly<Float64Array>
  weights: Readonly<Float64Array>
  optimizer: OptimizerSpec
  maxSteps: number
  lossThreshold: number | null
  backend: Backend
}

/** The fused stepper of a lone run: diagonal or general SISO students; null for the others (symmetric A, MIMO). */
export function makeFusedStepper(input: FusedStepperInput): FusedStepper | null {
  return makeDiagonalStepper(input) ?? makeGeneralStepper(input)
}
