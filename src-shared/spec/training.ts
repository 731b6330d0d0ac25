/** Optimiser, learning-rate schedule and stopping rules. */
import { z } from 'zod'
import { LIMITS } from './limits'

export const OptimizerSpec = z.strictObject({
  /** gd: full-batch gradient descent; sgd: minibatch; adam: PyTorch's Adam (bias-corrected, eps outside the sqrt). */
  kind: z.enum(['gd', 'sgd', 'adam']).default('adam'),
  lr: z.number().positive().default(1e-3),
  beta1: z.number().min(0).lt(1).default(0.9),
  beta2: z.number().min(0).lt(1).default(0.999),
  eps: z.number().nonnegative().default(1e-8),
  /** MultiStepLR: multiply lr by gamma at each milestone step. */
  milestones: z.array(z.number().int().positive().max(LIMITS.steps)).max(1000).default([]),
  gamma: z.number().positive().default(0.1),
})
export type OptimizerSpec = z.infer<typeof OptimizerSpec>

export const StoppingSpec = z.strictObject({
  maxSteps: z.number().int().min(0).max(LIMITS.steps).default(1000),
  /** Stop once the training loss is below this. */
  lossThreshold: z.number().nonnegative().nullable().default(null),
  /**
   * Early stopping on a validation loss: checked every `every` steps, stop after `patience` checks without an
   * improvement of more than `minImprovement` (relative to the best so far), counted only once the loss has left its
   * initial plateau (experiments/earlyStopping.ts).
   */
  earlyStopping: z
    .strictObject({
      every: z.number().int().min(1).max(LIMITS.steps).default(100),
      patience: z.number().int().min(1).max(LIMITS.steps).default(10),
      minImprovement: z.number().min(0).lt(1).default(0),
    })
    .nullable()
    .default(null),
})
export type StoppingSpec = z.infer<typeof StoppingSpec>

export const MetricsSpec = z.strictObject({
  /** Impulse-response horizon H (at least 4k is recommended). */
  horizon: z.number().int().min(1).max(LIMITS.length).default(100),
  /** MSE per length is reported for lengths 1..maxLength. */
  maxLength: z.number().int().min(1).max(LIMITS.length).default(15),
  /** Curves are subsampled to at most this many points. */
  curvePoints: z.number().int().min(10).max(2000).default(2000),
})
export type MetricsSpec = z.infer<typeof MetricsSpec>
