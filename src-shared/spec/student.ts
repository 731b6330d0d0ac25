/** Student specs: the model being trained and how it is initialised. */
import { z } from 'zod'
import { LIMITS } from './limits'

export const InitSpec = z.strictObject({
  /**
   * gaussian: N(0, scale²) entries; xavier: Glorot normal times `scale`; pytorch-default: U(±1/√width);
   * emami21: W ~ N(0, ν_W), F ~ N(0, ν_F), C ~ N(0, ν_C) (used with student.widthScaling).
   */
  kind: z.enum(['gaussian', 'xavier', 'pytorch-default', 'emami21']).default('gaussian'),
  scale: z.number().nonnegative().default(1e-3),
  /** Per-matrix multipliers on top of `scale` (AISTATS22 Fig. 1 small init: A × 0.5, B, C × 0.1 of Xavier). */
  scaleA: z.number().nonnegative().optional(),
  scaleB: z.number().nonnegative().optional(),
  scaleC: z.number().nonnegative().optional(),
  /** A_0 = αI (AISTATS22 Fig. 4); 'uniform' draws α ~ U[0, 1]. Replaces the random A when set. */
  alpha: z.union([z.number(), z.literal('uniform')]).optional(),
  /** Symmetric init: A = Aᵀ and B = Cᵀ at step 0 (AISTATS22 Fig. 3). */
  symmetric: z.boolean().default(false),
  nuW: z.number().nonnegative().default(0.3),
  nuF: z.number().nonnegative().default(1),
  nuC: z.number().nonnegative().default(1),
})
export type InitSpec = z.infer<typeof InitSpec>

export const StudentSpec = z.strictObject({
  /**
   * linear: s_{t+1} = A s_t + B x_{t+1}, y_t = C s_t. gru/lstm: PyTorch cells + linear readout. (EMAMI21's Conv1D
   * twins are trained beside a linear student by the rnn-conv-twins experiment: options.models.)
   */
  kind: z.enum(['linear', 'gru', 'lstm']).default('linear'),
  width: z.number().int().min(1).max(LIMITS.width).default(40),
  /** Linear students only: how A is parameterised. */
  parameterization: z.enum(['general', 'symmetric', 'diagonal']).default('general'),
  /** Linear students only: tie B = Cᵀ (balanced). */
  balanced: z.boolean().default(false),
  /** EMAMI21 width scaling: n^{-1/2} on A (W) and C. */
  widthScaling: z.boolean().default(false),
  init: InitSpec.default(InitSpec.parse({})),
  /**
   * GRU/LSTM students only: the arithmetic of the kernels. float64 matches PyTorch float64 to rounding; float32 is
   * about twice as fast (four SIMD lanes instead of two) and matches PyTorch float32, with float64 master weights.
   */
  precision: z.enum(['float64', 'float32']).default('float64'),
})
export type StudentSpec = z.infer<typeof StudentSpec>
export type StudentSpecInput = z.input<typeof StudentSpec>
export type StudentKind = StudentSpec['kind']
