/** Data specs: the loss and the sequences a student is trained and evaluated on. */
import { z } from 'zod'
import { LIMITS } from './limits'

export const DataSpec = z.strictObject({
  /** population: exact expected loss for whitened Gaussian inputs (AISTATS22 Lemma 3.1); empirical: sampled sequences. */
  loss: z.enum(['population', 'empirical']).default('population'),
  /** Training sequence length k (EMAMI21 T). */
  length: z.number().int().min(1).max(LIMITS.length).default(10),
  /** Supervise the last step only, or every step. */
  target: z.enum(['last', 'every']).default('last'),
  batchSize: z.number().int().min(1).max(LIMITS.sequences).default(100),
  /** Number of fixed training sequences; null draws fresh sequences every step. */
  trainSize: z.number().int().min(1).max(LIMITS.sequences).nullable().default(null),
  testSize: z.number().int().min(0).max(LIMITS.sequences).default(0),
  /**
   * AISTATS22 Fig. 1–2 adversarial data: sequences of lengths up to `adversarialMaxLength` whose labels agree with
   * the teacher up to step k and follow a non-extrapolating system after it.
   */
  adversarial: z.boolean().default(false),
  adversarialMaxLength: z.number().int().min(1).max(LIMITS.length).default(15),
  /** Output noise at this signal-to-noise ratio in dB (EMAMI21); null = noiseless. */
  noiseSnrDb: z.number().nullable().default(null),
  /** EMAMI21 Fig. 3: the target is the teacher's output delayed by `delay` steps. */
  delay: z.number().int().min(0).max(LIMITS.length).default(0),
  /** mean: MSE over all supervised outputs; sum: summed squared error (the EMAMI21 lr 1e-4 is for a sum). */
  reduction: z.enum(['mean', 'sum']).default('mean'),
  /**
   * Multiplies the loss (and so the gradient): 0.5 is AISTATS22's ½ E(ŷ − y)² (eq. 4, and 1/2N for data), 1 is
   * ICLR23 eq. 3.4. Adam barely notices; for GD it is a factor 2 in the learning rate.
   */
  lossScale: z.number().positive().default(1),
  /** Real data: a dataset id, or a name or CSV path (the command line imports it) that submit turns into the id. */
  dataset: z.string().min(1).max(1000).optional(),
  /** Real data: fraction of the recording (by time) used for training; the rest is the test split. */
  trainFraction: z.number().gt(0).lt(1).default(0.7),
  /** Real data: train on the first N minutes and test on the rest, instead of trainFraction; null = use trainFraction. */
  trainMinutes: z.number().positive().nullable().default(null),
  /** Real data: use only the first N minutes of the training split ("limited data"); null = all. */
  limitMinutes: z.number().positive().nullable().default(null),
  /** Real data: z-score inputs and outputs with training-split statistics. */
  zscore: z.boolean().default(true),
  /**
   * Real data: whiten the neuron columns with training-split statistics, (Σ + ε·tr(Σ)/n_x·I)^{-1/2} with this
   * shrinkage ε, so correlated neurons do not slow gradient descent; null or absent = no whitening.
   */
  whiten: z.number().min(0).max(10).nullable().optional(),
})
export type DataSpec = z.infer<typeof DataSpec>
