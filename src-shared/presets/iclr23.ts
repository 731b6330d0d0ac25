/**
 * ICLR23 presets (Cohen-Karlik et al., Learning Low Dimensional State Spaces with Overparameterized RNNs): the
 * linear-RNN figures 1a, 1b, 3a, 3b, 4, 5, 6. Settings and measurements: docs/experiments.md; departures are in each description.
 */
import type { ExperimentSpecInput, Preset, Scale, SpecInputOf } from '../spec/experiment'
import type { StudentSpecInput } from '../spec/student'
import type { TeacherSpecInput } from '../spec/teacher'

const range = (from: number, to: number, step = 1): number[] =>
  Array.from({ length: Math.floor((to - from) / step) + 1 }, (_, i) => from + i * step)

/** ICLR23 App. B.2.1 balanced teacher: diagonal A, eigenvalues U[0.6, 1.05), B = Cᵀ ~ N(0.5, 1), CB = 1. */
const balancedTeacher = { kind: 'iclr23-balanced', dim: 5, eigMin: 0.6, eigMax: 1.05, bMean: 0.5, bStd: 1, spacing: 'random' } satisfies TeacherSpecInput

/**
 * The two arms of Fig. 1a, 3a and 5: the paper's literal draw U[0.6, 1.05) and the stable one U[0.6, 1) that Theorem 8
 * assumes. A seed draws the same uniforms in both arms, so arm pairs differ only in the spectrum's upper end.
 */
const eigMaxArms = { path: 'teacher.eigMax', values: [1.05, 1] }

/**
 * Seeds fixed before any result was seen: 10 teachers per arm at paper scale, so the ~45% of literal teachers with an
 * eigenvalue above 1 cannot decide the curve alone; 3 at quick scale (the paper's count).
 */
const paperSeeds = range(0, 9)
const quickSeeds = [0, 1, 2]

/** Extrapolation error (App. B.3): max over k ≤ j < 120 of |h_j − ĥ_j|, beside the zero solution's. */
const horizon = 120

/** §5.1 student: diagonal (equivalently symmetric) A, balanced B = Cᵀ, near-zero init; Adam lr 1e-3 on (3.4). */
function fig1aBase(steps: number): SpecInputOf<'train'> {
  return {
    experiment: 'train',
    teacher: balancedTeacher,
    student: {
      kind: 'linear',
      width: 40,
      parameterization: 'diagonal',
      balanced: true,
      init: { kind: 'gaussian', scale: 1e-3 },
    },
    data: { loss: 'population', target: 'last' },
    optimizer: { kind: 'adam', lr: 1e-3 },
    stopping: { maxSteps: steps },
    metrics: { horizon },
  }
}

const teacherNotes =
  'Two arms in one sweep (teacher.eigMax): the paper\'s literal draw, eigenvalues U[0.6, 1.05), and a stable arm, ' +
  'U[0.6, 1); a seed draws the same uniforms and weights in both, so each pair differs only in the top of the spectrum. ' +
  'In ~45% of literal draws an eigenvalue lies above 1; its tail grows to j = 119 and decides the error of every model ' +
  '(Theorem 8 assumes a stable teacher). One teacher per seed (drawn from the run\'s seed, as "3 random seeds" reads). ' +
  'Extrapolation error: max over k ≤ j < 120 of |h_j − ĥ_j| (horizon 120, unstated in the paper), beside the zero ' +
  'solution\'s (zero_error), their ratio (error_ratio) and the Ho–Kalman realization identified from the same k values ' +
  '(ho_kalman_error, order from the Hankel singular values). Group by data.length within an arm for mean, median and ' +
  'per-seed curves. Every run stores its teacher (diag A = eigenvalues, B = Cᵀ = weights) and impulse responses.'

const fig1aNotes =
  'Unstated values picked here: student init N(0, (1e-3)²) on diag(A) and B = Cᵀ (App. B.1 reports no sensitivity to ' +
  'it). The paper says GD but App. B.1 says Adam lr 1e-3 for 15K steps: Adam is used.'

const iclr23Fig1a: Preset = {
  id: 'iclr23-fig1a',
  title: 'ICLR23 Fig. 1a — phase transition in k, balanced teacher and student',
  paper: 'ICLR23 Fig. 1a',
  sweeps: 'teacher.eigMax ∈ {1.05, 1} × k = 2..30 × 10 seeds (quick: k ∈ {2, 3, 4, 8, 12, 16} × 3 seeds)',
  description:
    'Balanced teacher d̂ = 5 (diagonal A, B = Cᵀ ~ N(0.5, 1) scaled so CB = 1); student width 40 with diagonal A and ' +
    'tied B = Cᵀ; Adam lr 1e-3, 15,000 steps on the population loss (3.4). ' + teacherNotes + ' ' + fig1aNotes +
    ' Quick: k ∈ {2, 3, 4, 8, 12, 16}, 3 seeds, same steps.',
  expected:
    'A phase transition: error near or above the zero solution\'s for small k, low for k > 2d̂ = 10 (Theorem 8, ' +
    'stable teachers). Random teachers dominated by one or two modes can move the transition below 2d̂; teachers of ' +
    'the literal arm with an eigenvalue above 1 keep the error near the zero solution\'s. ho_kalman_error shows what ' +
    'system identification from the same k values reaches. The card shows the measured ratios.',
  build: (scale) => ({
    title: 'ICLR23 Fig. 1a',
    description: 'Extrapolation error vs training length k, literal and stable teacher arms',
    base: fig1aBase(15_000),
    axes: [eigMaxArms, { path: 'data.length', values: scale === 'paper' ? range(2, 30) : [2, 3, 4, 8, 12, 16] }],
    seeds: scale === 'paper' ? paperSeeds : quickSeeds,
  }),
}

/** §5.2 / App. B: general student, empirical loss, batch 100, Adam lr 1e-3, 50K steps with early stopping. */
function generalEmpiricalBase(teacher: TeacherSpecInput, width: number): ExperimentSpecInput {
  return {
    experiment: 'train',
    teacher,
    student: { kind: 'linear', width, parameterization: 'general', init: { kind: 'gaussian', scale: 1e-3 } },
    data: { loss: 'empirical', target: 'last', batchSize: 100, trainSize: null },
    optimizer: { kind: 'adam', lr: 1e-3 },
    stopping: { maxSteps: 50_000, earlyStopping: { every: 500, patience: 10 } },
    metrics: { horizon },
  }
}

/**
 * Quick stand-in for the §5.2 runs: population loss from init 0.03. From init 1e-3 the population-loss gradients
 * sit below Adam's ε and the loss never moves (docs/experiments.md, ICLR23 Fig. 1b); the empirical loss escapes through sampling noise.
 */
function generalQuickBase(teacher: TeacherSpecInput, width: number, steps: number): ExperimentSpecInput {
  return {
    experiment: 'train',
    teacher,
    student: { kind: 'linear', width, parameterization: 'general', init: { kind: 'gaussian', scale: 0.03 } },
    data: { loss: 'population', target: 'last' },
    optimizer: { kind: 'adam', lr: 1e-3 },
    stopping: { maxSteps: steps },
    metrics: { horizon },
  }
}

const empiricalNotes =
  'Unstated values picked here: fresh Gaussian batches every step (the paper\'s training-set size is not given), ' +
  'early stopping on a validation loss checked every 500 steps with patience 10, student init N(0, (1e-3)²) ("standard ' +
  'near-zero"), extrapolation horizon 120.'
const quickNotes =
  'Quick scale departs on purpose: population loss from init 0.03 (from 1e-3 the population-loss gradients sit ' +
  'below Adam\'s ε and nothing moves; the run says so in its warnings), '

export const iclr23Fig1b: Preset = {
  id: 'iclr23-fig1b',
  title: 'ICLR23 Fig. 1b — delay teacher, general student, empirical loss',
  paper: 'ICLR23 Fig. 1b',
  sweeps: 'k = 4..26 × 3 seeds',
  description:
    'Delay teacher d̂ = 10 (nilpotent shift, B = e_d, C = e_1ᵀ: h_j = 1 at j = 9, else 0); general (non-symmetric, ' +
    'unbalanced) student of width 50 from a near-zero Gaussian init; empirical loss (3.3) on Gaussian inputs, batch ' +
    '100, Adam lr 1e-3, up to 50,000 steps with early stopping. ' + empiricalNotes + ' ' + quickNotes +
    'd̂ = 4, width 16, 6,000 steps, k ∈ {4, 6, 8, 10}. The zero solution\'s tail error is 0 for k > d̂, so ' +
    '"extrapolates" here means error < 0.1.',
  expected:
    'Transition at k ≈ 2d̂ = 20: the paper\'s k = 18 student diverges after step 18, k = 20 tracks the teacher. ' +
    'Below the transition single runs are chaotic: their error moves by orders of magnitude with rounding ' +
    '(another kernel\'s summation order), the side of the transition they fall on does not.',
  build: (scale) =>
    scale === 'paper'
      ? {
          title: 'ICLR23 Fig. 1b',
          description: 'Delay teacher, extrapolation error vs k',
          base: generalEmpiricalBase({ kind: 'delay', dim: 10 }, 50),
          axes: [{ path: 'data.length', values: [...range(4, 16, 2), 17, 18, 19, 20, 21, 22, 24, 26] }],
          seeds: [0, 1, 2],
        }
      : {
          title: 'ICLR23 Fig. 1b (quick)',
          description: 'Delay teacher d̂ = 4, population loss from init 0.03',
          base: generalQuickBase({ kind: 'delay', dim: 4 }, 16, 6_000),
          axes: [{ path: 'data.length', values: [4, 6, 8, 10] }],
          seeds: [0, 1, 2],
        },
}

const iclr23Fig3a: Preset = {
  id: 'iclr23-fig3a',
  title: 'ICLR23 Fig. 3a — balanced teacher, general student',
  paper: 'ICLR23 Fig. 3a (App. A.1.1)',
  sweeps: 'teacher.eigMax ∈ {1.05, 1} × k = 2..30 × 10 seeds (quick: k ∈ {2, 8, 16} × 3 seeds)',
  description:
    'The Fig. 1a balanced teacher (d̂ = 5) with a general (non-diagonal, unbalanced) student of width 40 whose A, B and ' +
    'C are drawn from a Gaussian of scale 1e-5 (App. A.1.1), Adam lr 1e-3 on the population loss (3.4), 15,000 steps ' +
    '(App. B.1 gives 15K for the population-loss runs). ' + teacherNotes + ' Quick: width 20, k ∈ {2, 8, 16}, 3 seeds, ' +
    '6,000 steps.',
  expected:
    'A transition like Fig. 1a: high error for small k, low for k > 2d̂, in the stable arm. The literal arm\'s ' +
    'teachers with an eigenvalue above 1 keep error_ratio near 1 at every k.',
  build: (scale) => ({
    title: 'ICLR23 Fig. 3a',
    description: 'Balanced teacher, general student, literal and stable teacher arms',
    base: {
      ...fig1aBase(scale === 'paper' ? 15_000 : 6_000),
      student: generalStudent(scale === 'paper' ? 40 : 20, 1e-5),
    },
    axes: [eigMaxArms, { path: 'data.length', values: scale === 'paper' ? range(2, 30) : [2, 8, 16] }],
    seeds: scale === 'paper' ? paperSeeds : quickSeeds,
  }),
}

const iclr23Fig3b: Preset = {
  id: 'iclr23-fig3b',
  title: 'ICLR23 Fig. 3b — random unbalanced teacher, general student',
  paper: 'ICLR23 Fig. 3b (App. A.2)',
  sweeps: 'k = 2..30 × 3 seeds',
  description:
    'Random unbalanced teacher d̂ = 5 (App. B.2.2: A with diagonal N(0, 0.1²) and super-diagonal N(0.7, 0.1²), B = e_d, ' +
    'C = e_1ᵀ, drawn from the run\'s seed), general student of width 50, trained as Fig. 1b. ' + empiricalNotes + ' ' +
    quickNotes + 'width 20, 6,000 steps, k ∈ {4, 6, 12}.',
  expected: 'A transition: high error for k below ≈ 2d̂ = 10, low above.',
  build: (scale) => {
    const teacher = { kind: 'unbalanced', dim: 5, diagMean: 0, diagStd: 0.1, superMean: 0.7, superStd: 0.1 } satisfies TeacherSpecInput
    return scale === 'paper'
      ? {
          title: 'ICLR23 Fig. 3b',
          description: 'Random unbalanced teacher, extrapolation error vs k',
          base: generalEmpiricalBase(teacher, 50),
          axes: [{ path: 'data.length', values: range(2, 30) }],
          seeds: [0, 1, 2],
        }
      : {
          title: 'ICLR23 Fig. 3b (quick)',
          description: 'Random unbalanced teacher, population loss from init 0.03',
          base: generalQuickBase(teacher, 20, 6_000),
          axes: [{ path: 'data.length', values: [4, 6, 12] }],
          seeds: [0, 1, 2],
        }
  },
}

/** App. A.1.1: a general (non-diagonal, unbalanced) student with Gaussian init. */
function generalStudent(width: number, initScale: number): StudentSpecInput {
  return { kind: 'linear', width, parameterization: 'general', init: { kind: 'gaussian', scale: initScale } }
}

/** App. A.1.2 needs a stable teacher: an eigenvalue above 1 is never fitted (docs/experiments.md, ICLR23 Fig. 4). */
const stableBalancedTeacher = { ...balancedTeacher, eigMax: 1 }

const iclr23Fig4: Preset = {
  id: 'iclr23-fig4-init-scale',
  title: 'ICLR23 Fig. 4 — larger init needs longer k',
  paper: 'ICLR23 Fig. 4 (App. A.1.2)',
  sweeps: 'init scale ∈ {1e-5 … 1e-1} × k = 2..30 step 2 × 3 seeds (quick: {1e-5, 1e-3, 1e-1} × k ∈ {4, 8, 12, 16} × 3 seeds)',
  description:
    'As Fig. 3a (balanced teacher d̂ = 5, general student width 40, population loss, Adam lr 1e-3) for several init ' +
    'scales, with MultiStepLR (milestones 5,000 / 10,000 / 15,000 / 30,000, γ = 0.1, App. B.1). Departures: the ' +
    'teacher\'s eigenvalues are drawn from U[0.6, 1) — the paper\'s U[0.6, 1.05) conditioned on stability — because a ' +
    'teacher with an eigenvalue above 1 is never fitted; 30,000 steps (unstated; the lr is 1e-6 after step 15,000, so ' +
    'the effective training is about the first 6,000 steps at both scales). The paper\'s summary is the first k whose ' +
    'error falls below 0.01, per init scale: group by student.init.scale and data.length. Quick: width 20, k ∈ ' +
    '{4, 8, 12, 16}, 3 seeds, 6,000 steps, scales {1e-5, 1e-3, 1e-1}. Reports balance_ratio ||B − Cᵀ|| / ||B + Cᵀ|| ' +
    '(Prop. 9) and ho_kalman_error per run.',
  expected:
    'Larger init needs longer k to extrapolate. Teachers with slow modes near 1 can hold every init at an error floor ' +
    'set by the step budget.',
  build: (scale: Scale) => ({
    title: 'ICLR23 Fig. 4',
    description: 'Extrapolation error vs k for several init scales',
    base: {
      ...fig1aBase(scale === 'paper' ? 30_000 : 6_000),
      teacher: stableBalancedTeacher,
      student: generalStudent(scale === 'paper' ? 40 : 20, 1e-5),
      optimizer: { kind: 'adam', lr: 1e-3, milestones: [5_000, 10_000, 15_000, 30_000], gamma: 0.1 },
    },
    axes: [
      { path: 'student.init.scale', values: scale === 'paper' ? [1e-5, 1e-4, 1e-3, 1e-2, 1e-1] : [1e-5, 1e-3, 1e-1] },
      { path: 'data.length', values: scale === 'paper' ? range(2, 30, 2) : [4, 8, 12, 16] },
    ],
    seeds: [0, 1, 2],
  }),
}

const iclr23Fig5: Preset = {
  id: 'iclr23-fig5-impulse',
  title: 'ICLR23 Fig. 5 — impulse responses, balanced teacher',
  paper: 'ICLR23 Fig. 5 (App. A.3)',
  sweeps: 'teacher.eigMax ∈ {1.05, 1} × k ∈ {10, 20}, seed 0',
  description:
    'The Fig. 1a setting (balanced teacher d̂ = 5, diagonal balanced student width 40, Adam lr 1e-3, 15,000 steps on ' +
    'the population loss) for k = 10 and 20, one seed (as the paper shows one); compare impulse_student with ' +
    'impulse_teacher and impulse_ho_kalman up to j = 120. ' + teacherNotes + ' Quick: the same sweep (4 runs, about a ' +
    'second; at 6,000 steps the k = 20 student has not converged).',
  expected:
    'Stable arm: both students track the teacher up to k; the k = 20 one tracks it over the whole horizon. Literal ' +
    'arm: a teacher that draws an eigenvalue above 1 has a growing tail that gradient descent does not identify from ' +
    'k ≤ 20 values; the card names such draws.',
  build: () => ({
    title: 'ICLR23 Fig. 5',
    description: 'Impulse responses of students trained with k = 10 and 20, literal and stable teacher arms',
    base: fig1aBase(15_000),
    axes: [eigMaxArms, { path: 'data.length', values: [10, 20] }],
    seeds: [0],
  }),
}

const iclr23Fig6: Preset = {
  id: 'iclr23-fig6-impulse',
  title: 'ICLR23 Fig. 6 — impulse responses, delay teacher',
  paper: 'ICLR23 Fig. 6 (App. A.3)',
  sweeps: 'k ∈ {8, 18, 20}',
  description:
    'The Fig. 1b setting (delay teacher d̂ = 10, general student width 50, empirical loss, batch 100, Adam lr 1e-3) ' +
    'for k = 8, 18 and 20, one seed; compare impulse_student with impulse_teacher. ' + empiricalNotes + ' ' +
    quickNotes + 'd̂ = 4, width 16, 6,000 steps, k ∈ {3, 6, 10} (below d̂, below 2d̂, above 2d̂).',
  expected:
    'k = 8 learns the zero solution (the teacher is silent before step 9); k = 18 tracks the teacher up to 18 and ' +
    'diverges shortly after; k = 20 tracks it almost perfectly.',
  build: (scale) =>
    scale === 'paper'
      ? {
          title: 'ICLR23 Fig. 6',
          description: 'Impulse responses, delay teacher',
          base: generalEmpiricalBase({ kind: 'delay', dim: 10 }, 50),
          axes: [{ path: 'data.length', values: [8, 18, 20] }],
          seeds: [0],
        }
      : {
          title: 'ICLR23 Fig. 6 (quick)',
          description: 'Impulse responses, delay teacher d̂ = 4',
          base: generalQuickBase({ kind: 'delay', dim: 4 }, 16, 6_000),
          axes: [{ path: 'data.length', values: [3, 6, 10] }],
          seeds: [0],
        },
}

export const iclr23Presets: Preset[] = [
  iclr23Fig1a,
  iclr23Fig1b,
  iclr23Fig3a,
  iclr23Fig3b,
  iclr23Fig4,
  iclr23Fig5,
  iclr23Fig6,
]
