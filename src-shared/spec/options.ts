/**
 * `options` of each experiment kind: the procedure-specific settings, one strict schema per kind (an unknown or
 * mistyped option is refused at the spec, naming `options.<field>`). Adding an option is one line in its schema;
 * the procedure reads it typed from `spec.options`.
 */
import { z } from 'zod'

/** 'train' has no options: everything it reads is in teacher/student/data/optimizer/stopping/metrics. */
export const TrainOptions = z.strictObject({})

/** The EMAMI21 models trained side by side (names also accepted with '-'). */
export const TwinModelName = z
  .enum(['rnn', 'scaled_conv1d', 'conv1d', 'scaled-conv1d'])
  .transform((name) => name.replace(/-/g, '_') as 'rnn' | 'scaled_conv1d' | 'conv1d')
export type TwinModelName = z.output<typeof TwinModelName>

export const Emami21TwinOptions = z.strictObject({
  /** Which models to train; default the RNN and its scaled twin (synthetic data) or all three (real data). */
  models: z.array(TwinModelName).min(1).max(3).optional(),
  /** Real data: epochs over the training windows; else stopping.maxSteps SGD steps. */
  epochs: z.number().int().min(0).max(1_000_000).nullable().optional(),
  /** Real data: steps between full-set evaluations (0: once per epoch); default a quarter epoch. */
  evalEvery: z.number().int().min(0).max(1_000_000_000).nullable().optional(),
  /** Real data: the behaviour columns to decode; default the velocity columns. */
  targets: z.array(z.string().min(1)).max(1000).nullable().optional(),
  /** Real data: a fixed ridge penalty relative to the Gram diagonal; default chosen on held-out windows. */
  ridgeLambda: z.number().min(0).nullable().optional(),
  /** Real data: false skips the ridge decoder and its check that the recording can be decoded at all. */
  ridge: z.boolean().default(true),
  /**
   * Real data: when set, the SGD learning rate of each model group is this multiple of 1/λ_max, λ_max the largest
   * curvature of its mean loss on the training windows (2/λ_max is the stability limit); optimizer.lr is then unused.
   * A recording with more neurons or stronger correlations gets a smaller step without hand tuning.
   */
  curvatureLr: z.number().positive().max(1.9).nullable().optional(),
  /**
   * Real data, with stopping.earlyStopping: when a group's held-out criterion fires it goes back to its best held-out
   * parameters, halves its step and trains on, this many times before it has converged (minibatch noise sets how
   * close SGD gets to the optimum, and a smaller step lowers it).
   */
  plateauDecays: z.number().int().min(0).max(8).nullable().optional(),
})
export type Emami21TwinOptions = z.output<typeof Emami21TwinOptions>

export const ProcaModeOptions = z.strictObject({
  /** b(0). */
  b: z.number().default(0.9),
  /** a(0) = c(0); nonzero (a = c = 0 is a fixed point of gradient descent). */
  init: z.number().refine((v) => v !== 0, 'must be nonzero (a = c = 0 is a fixed point of gradient descent)').default(0.1),
  /** Train b too (false: b held fixed as in PROCA Fig. 1). */
  trainB: z.boolean().default(false),
})
export type ProcaModeOptions = z.output<typeof ProcaModeOptions>

export const ProcaLandscapeOptions = z
  .strictObject({
    /** The plotted range of b and of a·c. */
    bMin: z.number().default(-1.5),
    bMax: z.number().default(1.5),
    acMin: z.number().default(-1.5),
    acMax: z.number().default(1.5),
    /** Points per axis. */
    grid: z.number().int().min(2).max(1001).default(61),
    /**
     * Gradient-descent starts of a free mode: a(0) = init, c(0) = c (default init). The default pair shows PROCA's
     * bifurcation: for the contracting target b = +0.95 reaches the global minimum and b = −0.95 is pushed to b ≈ −0.9
     * with a·c ≈ 0; from b = ±0.3, a = c = 0.3 both starts of every target end at the same place.
     */
    trajectories: z
      .array(z.strictObject({ b: z.number(), init: z.number(), c: z.number().optional() }))
      .max(100)
      .default([{ b: 0.95, init: 0.05 }, { b: -0.95, init: 0.05 }]),
  })
  .superRefine((o, ctx) => {
    if (!(o.bMax > o.bMin)) ctx.addIssue({ code: 'custom', path: ['bMax'], message: `must exceed options.bMin (${o.bMin})` })
    if (!(o.acMax > o.acMin)) ctx.addIssue({ code: 'custom', path: ['acMax'], message: `must exceed options.acMin (${o.acMin})` })
  })
export type ProcaLandscapeOptions = z.output<typeof ProcaLandscapeOptions>

export const CounterexampleOptions = z.strictObject({
  /** prop5.1: cyclic permutation (AISTATS22 Prop. 5.1); lemma6.3: symmetric, small loss, diverging tail (Lemma 6.3). */
  construction: z.enum(['prop5.1', 'lemma6.3']),
  /** Lemma 6.3's δ > 0: loss δ² Σ_{j<k} 4^j, tail h_j = 2^j δ. */
  delta: z.number().positive().default(0.01),
})
export type CounterexampleOptions = z.output<typeof CounterexampleOptions>
