/** Teacher specs: the systems students learn from. The papers' definitions: docs/experiments.md. */
import { z } from 'zod'
import { LIMITS } from './limits'

const row = z.array(z.number()).max(LIMITS.width)
const matrix = z.array(row).max(LIMITS.width)
const dim = z.number().int().min(1).max(LIMITS.width)
const channels = z.number().int().min(1).max(LIMITS.channels)
const seed = z.number().int().min(0).max(LIMITS.seed)
const values = z.array(z.number()).max(LIMITS.listLength)

export const TeacherSpec = z.discriminatedUnion('kind', [
  /** y_k = w* x_k (AISTATS22 Fig. 1): impulse response w* at j = 0, zero after. */
  z.strictObject({ kind: z.literal('memoryless'), weight: z.number().default(1) }),
  /** Random stable linear RNN of dimension `dim` (AISTATS22 Fig. 2, 5). */
  z.strictObject({
    kind: z.literal('random-stable'),
    dim,
    spectralRadius: z.number().positive().max(1).default(0.9),
    /** 'first-k-unit-norm': scale C so the first `normalizeSteps` response values have unit norm. */
    normalize: z.enum(['none', 'first-k-unit-norm']).default('first-k-unit-norm'),
    normalizeSteps: z.number().int().min(1).max(LIMITS.length).default(5),
    inputs: channels.default(1),
    outputs: channels.default(1),
    /** Draw the teacher from this seed instead of the run's seed (keeps one teacher across student seeds). */
    seed: seed.optional(),
  }),
  /** ICLR23 Fig. 1a balanced teacher: diagonal A, eigenvalues in [eigMin, eigMax], B = Cᵀ ~ N(bMean, bStd²), CB = 1. */
  z.strictObject({
    kind: z.literal('iclr23-balanced'),
    dim: dim.default(5),
    eigMin: z.number().default(0.6),
    eigMax: z.number().default(1.05),
    bMean: z.number().default(0.5),
    bStd: z.number().nonnegative().default(1),
    /** 'random': eigenvalues U[eigMin, eigMax] (the paper); 'even': evenly spaced, equal weights. */
    spacing: z.enum(['random', 'even']).default('random'),
    seed: seed.optional(),
  }),
  /** ICLR23 delay teacher: nilpotent shift, B = e_d, C = e_1ᵀ, h_j = 1 at j = dim - 1. */
  z.strictObject({ kind: z.literal('delay'), dim }),
  /** ICLR23 Fig. 3b unbalanced teacher: diag N(diagMean, diagStd), super-diagonal N(superMean, superStd). */
  z.strictObject({
    kind: z.literal('unbalanced'),
    dim: dim.default(5),
    diagMean: z.number().default(0),
    diagStd: z.number().default(0.1),
    superMean: z.number().default(0.7),
    superStd: z.number().default(0.1),
    seed: seed.optional(),
  }),
  /** Explicit matrices: A (d×d), B (d×n_x), C (n_y×d). */
  z.strictObject({ kind: z.literal('explicit'), A: matrix, B: matrix, C: matrix, name: z.string().optional() }),
  /** EMAMI21 random width-scaled RNN teacher: W ~ N(0, ν_W), F ~ N(0, ν_F), C ~ N(0, ν_C), n^{-1/2} on W and C. */
  z.strictObject({
    kind: z.literal('emami21'),
    dim: dim.default(4),
    nuW: z.number().nonnegative().default(0.3),
    nuF: z.number().nonnegative().default(1),
    nuC: z.number().nonnegative().default(1),
    inputs: channels.default(1),
    outputs: channels.default(1),
    seed: seed.optional(),
  }),
  /** ICLR23 Fig. 2 GRU teacher, trained from a tiny init to mimic `targetImpulse` (see engine/gruTeacher). */
  z.strictObject({
    kind: z.literal('gru'),
    units: dim.default(10),
    targetImpulse: values.optional(),
    trainSteps: z.number().int().min(0).max(LIMITS.steps).default(1000),
    initScale: z.number().nonnegative().default(1e-6),
    seed: seed.optional(),
  }),
  /** A target sequence s_1..s_T (PROCA): constant c, expanding base^{T-t}, contracting base^t, or explicit values. */
  z.strictObject({
    kind: z.literal('sequence'),
    shape: z.enum(['constant', 'expanding', 'contracting', 'explicit']).default('constant'),
    base: z.number().default(0.7),
    values: values.optional(),
  }),
  /** No teacher: targets come from a dataset (data.dataset). */
  z.strictObject({ kind: z.literal('none') }),
])
export type TeacherSpec = z.infer<typeof TeacherSpec>
export type TeacherSpecInput = z.input<typeof TeacherSpec>
