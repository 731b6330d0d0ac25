/**
 * AISTATS22 presets (Cohen-Karlik et al., On the Implicit Bias of GD for Temporal Extrapolation): Fig. 1–5 and the
 * constructed non-extrapolating solutions. Settings and measurements: docs/experiments.md; departures are in each description.
 */
import type { ExperimentSpecInput, Preset, Scale, SweepSpecInput } from '../spec/experiment'
import type { TeacherSpecInput } from '../spec/teacher'

/** A student of AISTATS22 Fig. 1, 2 and 5: one sweep variant (label + the spec paths it sets). */
interface StudentVariant {
  label: string
  set: Record<string, unknown>
}

/**
 * The students of AISTATS22 Fig. 1, 2 and 5. Adding a student kind is one line here (the gated students are
 * `{ label: 'gru', set: { 'student.kind': 'gru', ... } }`); every preset below sweeps this list.
 * 'linear-xavier' is the paper's setting (§7: Xavier init); with ρ(A) ≈ 1 it keeps a random tail (docs/experiments.md), so
 * 'linear-small' (Xavier × 0.5 on A, × 0.1 on B, C) is the near-zero init the theory is about.
 */
const aistats22StudentVariants: StudentVariant[] = [
  {
    label: 'linear-xavier',
    set: { 'student.kind': 'linear', 'student.init': { kind: 'xavier', scale: 1 } },
  },
  {
    label: 'linear-small',
    set: { 'student.kind': 'linear', 'student.init': { kind: 'xavier', scale: 1, scaleA: 0.5, scaleB: 0.1, scaleC: 0.1 } },
  },
  { label: 'gru', set: { 'student.kind': 'gru', 'student.init': { kind: 'xavier', scale: 1 } } },
  { label: 'lstm', set: { 'student.kind': 'lstm', 'student.init': { kind: 'xavier', scale: 1 } } },
]

/**
 * The student list at a scale: at paper scale the GRU and LSTM train in float32 (with float64 master weights), the
 * precision of the paper's Keras models, which halves their time at width 200; quick scale keeps float64.
 */
function studentVariants(scale: Scale): StudentVariant[] {
  if (scale !== 'paper') return aistats22StudentVariants
  return aistats22StudentVariants.map((v) => (v.set['student.kind'] === 'linear' ? v : { ...v, set: { ...v.set, 'student.precision': 'float32' } }))
}

/** Plain length-k data, and the adversarial data of §7 (labels follow the teacher up to step k, a periodic adversary after). */
const dataVariants = [
  { label: 'plain', set: { 'data.adversarial': false } },
  { label: 'adversarial', set: { 'data.adversarial': true } },
]

/** The common training setup of AISTATS22 §7 (width 30, k = 5, Adam lr 1e-3, Keras β, Gaussian inputs, batch 100). */
function section7Base(scale: Scale, teacher: TeacherSpecInput): ExperimentSpecInput {
  return {
    experiment: 'train',
    teacher,
    student: { kind: 'linear', width: 30 },
    data: {
      loss: 'empirical',
      length: 5,
      target: 'last',
      batchSize: 100,
      trainSize: scale === 'paper' ? 10_000 : 1_000,
      adversarialMaxLength: 15,
    },
    optimizer: { kind: 'adam', lr: 1e-3, beta1: 0.9, beta2: 0.999 },
    stopping: { maxSteps: scale === 'paper' ? 5_000 : 800 },
    metrics: { maxLength: 15, horizon: 60 },
  }
}

function figure12Sweep(scale: Scale, teacher: TeacherSpecInput, title: string, description: string): SweepSpecInput {
  return {
    title,
    description,
    base: section7Base(scale, teacher),
    axes: [
      { name: 'student', variants: studentVariants(scale) },
      { name: 'data', variants: dataVariants },
    ],
    seeds: scale === 'paper' ? [0, 1, 2] : [0],
  }
}

const studentsNote =
  'Students: every entry of the student list (linear RNN with Xavier init as in the paper, and with a small init: ' +
  'Xavier × 0.5 on A and × 0.1 on B, C, exposed as student.init.scaleA/B/C; GRU and LSTM where available). ' +
  'At paper scale the GRU and LSTM compute in float32 (student.precision; float64 master weights), as the paper\'s ' +
  'Keras models do; quick scale keeps float64. '
const adversaryNote =
  'Adversarial data (unstated in the paper): sequences of length 15 supervised at every step, labels equal to the ' +
  "teacher's up to step k and to a periodic system after it (impulse response ĥ_{j mod k}), which fits length k exactly " +
  'and does not extrapolate. '
const scaleNote =
  'Paper scale: 10,000 training sequences, batch 100, 5,000 Adam steps (the paper gives neither the step count nor ' +
  'the number of seeds; 3 seeds). Quick: 1,000 sequences, 800 steps, 1 seed (below ~500 steps an adversarial LSTM is ' +
  'still on its plateau). Impulse responses are reported to horizon 60.'

const aistats22Fig1: Preset = {
  id: 'aistats22-fig1-memoryless',
  title: 'AISTATS22 Fig. 1 — memoryless teacher, plain vs adversarial data',
  paper: 'AISTATS22 Fig. 1',
  sweeps: 'student × {plain, adversarial} data (× 3 seeds at paper scale)',
  description:
    'Memoryless teacher y = w* x_k (w* = 1), width 30, k = 5, Adam lr 1e-3 (β 0.9, 0.999), Gaussian inputs; MSE per ' +
    'length 1..15 against the teacher. ' + studentsNote + adversaryNote + scaleNote,
  expected:
    'Plain students keep a low MSE at every length up to 15; adversarial ones fit lengths ≤ 5 (MSE < 1e-2) and fail ' +
    'beyond (≈ 1 at 6–10, ≈ 2 at 11–15). The Xavier-init linear RNN (ρ(A) ≈ 1) is not in the near-zero regime the ' +
    'theory is about; the small init is.',
  build: (scale) =>
    figure12Sweep(scale, { kind: 'memoryless', weight: 1 }, 'AISTATS22 Fig. 1', 'Memoryless teacher, plain vs adversarial data'),
}

const aistats22Fig2: Preset = {
  id: 'aistats22-fig2-teacher-dim3',
  title: 'AISTATS22 Fig. 2 — teacher of dimension 3, plain vs adversarial data',
  paper: 'AISTATS22 Fig. 2',
  sweeps: 'student × {plain, adversarial} data (× 3 seeds at paper scale)',
  description:
    'As Fig. 1 with a random stable linear teacher of dimension d* = 3. Unstated values picked here: spectral radius ' +
    '0.9, C scaled so the first 5 response values have unit norm, and one teacher for every run (teacher.seed = 0) so ' +
    'students are compared on the same system. ' + studentsNote + adversaryNote + scaleNote,
  expected:
    'Plain students far below adversarial ones beyond length 5. Five steps cannot identify a 3-dimensional system, so ' +
    'plain students do not reach zero error beyond 5: compare mse_by_length with zero_tail_mse_by_length, the model ' +
    'exact for 5 steps and zero after. The card shows the measured ratios.',
  build: (scale) =>
    figure12Sweep(
      scale,
      { kind: 'random-stable', dim: 3, spectralRadius: 0.9, normalize: 'first-k-unit-norm', normalizeSteps: 5, seed: 0 },
      'AISTATS22 Fig. 2',
      'Teacher of dimension 3, plain vs adversarial data',
    ),
}

const aistats22Fig5: Preset = {
  id: 'aistats22-fig5-teacher-dim',
  title: 'AISTATS22 Fig. 5 — extrapolation vs teacher dimension',
  paper: 'AISTATS22 Fig. 5',
  sweeps: 'teacher.dim ∈ {1, 2, 4, 6, 8} × student × 3 seeds',
  description:
    'k = 5, random stable linear teacher of dimension d* (spectral radius 0.9; normalisation: C scaled so the first 5 ' +
    'response values have unit norm, so every teacher has the same training signal and its tail decides what "high" ' +
    'can mean), extrapolation MSE over lengths 6..10 beside the zero-tail model (exact for 5 steps, zero after). ' +
    'Width 200 at paper scale as in the paper (the reference used 100), 40 at quick. Adam lr 1e-3, batch 100, 10,000 ' +
    'training sequences, 2,000 steps (unstated; quick: d* ∈ {1, 4}, 1,000 sequences, 800 steps). The teacher is drawn from the ' +
    'run\'s seed. ' + studentsNote,
  expected:
    'Paper: low while d* < k, high beyond. Compare each error with the zero-tail model\'s.',
  build: (scale) => ({
    title: 'AISTATS22 Fig. 5',
    description: 'Extrapolation MSE (lengths 6..10) vs teacher dimension',
    base: {
      ...section7Base(scale, {
        kind: 'random-stable',
        dim: 1,
        spectralRadius: 0.9,
        normalize: 'first-k-unit-norm',
        normalizeSteps: 5,
      }),
      student: { kind: 'linear', width: scale === 'paper' ? 200 : 40 },
      stopping: { maxSteps: scale === 'paper' ? 2_000 : 800 },
    },
    axes: [
      { path: 'teacher.dim', values: scale === 'paper' ? [1, 2, 4, 6, 8] : [1, 4] },
      { name: 'student', variants: studentVariants(scale) },
    ],
    seeds: scale === 'paper' ? [0, 1, 2] : [0],
  }),
}

/**
 * AISTATS22 (4) carries a ½ that ICLR23 (3.4) does not, and GD learning rates depend on it: data.lossScale = 0.5 is
 * the paper's loss. Without it the Fig. 3 quick run at lr 0.5 sits at the edge of stability and stalls near 1e-5.
 */
const halfLossNote =
  'The loss is the paper\'s (4) with its ½ (data.lossScale = 0.5), so the GD learning rate and the loss thresholds ' +
  'mean what they mean in the paper.'

const aistats22Fig3: Preset = {
  id: 'aistats22-fig3-slackness',
  title: 'AISTATS22 Fig. 3 — complementary slackness λ_i u_i = 0',
  paper: 'AISTATS22 Fig. 3',
  sweeps: '3 seeds',
  description:
    'Linear RNN with symmetric init (A = Aᵀ, B = Cᵀ; GD keeps both, Theorem 6.1), memoryless teacher w* = 1, k = 5, ' +
    'full-batch GD lr 0.5 on the population loss (4) until the loss is below 1e-10. Reports the eigenvalues λ_i of A, ' +
    'u = Vᵀ B and |λ_i u_i|. Unstated values picked here: k = 5 (as in §7), A = symmetrised Gaussian at scale 0.07, ' +
    'B = Cᵀ Gaussian at scale 1e-3 (A must start far from 0 for the figure to mean anything). Width 30 at paper scale; ' +
    'quick: width 10, A at scale 0.12, until loss < 1e-8. ' + halfLossNote,
  expected:
    'Every λ_i u_i ≈ 0 while A stays far from 0 (several |λ_i| of 0.1–1).',
  build: (scale) => ({
    title: 'AISTATS22 Fig. 3',
    description: 'Complementary slackness under symmetric init',
    base: {
      experiment: 'train',
      teacher: { kind: 'memoryless', weight: 1 },
      student: {
        kind: 'linear',
        width: scale === 'paper' ? 30 : 10,
        parameterization: 'general',
        // scale 1 makes the per-matrix multipliers the absolute standard deviations.
        init: { kind: 'gaussian', scale: 1, scaleA: scale === 'paper' ? 0.07 : 0.12, scaleB: 1e-3, scaleC: 1e-3, symmetric: true },
      },
      data: { loss: 'population', length: 5, target: 'last', lossScale: 0.5 },
      optimizer: { kind: 'gd', lr: 0.5 },
      stopping: { maxSteps: scale === 'paper' ? 200_000 : 20_000, lossThreshold: scale === 'paper' ? 1e-10 : 1e-8 },
      metrics: { horizon: 60 },
    },
    axes: [],
    seeds: scale === 'paper' ? [0, 1, 2] : [0],
  }),
}

const aistats22Fig4: Preset = {
  id: 'aistats22-fig4-weight-dynamics',
  title: 'AISTATS22 Fig. 4 — weights drift to symmetry under GD',
  paper: 'AISTATS22 Fig. 4',
  sweeps: '3 seeds',
  description:
    'GD on the population loss (4) from a non-symmetric init: A_0 = αI with α ~ U[0, 1], B and C drawn independently ' +
    'from N(0, 1e-5) (variance, as in the caption). Tracks the loss, ||A||, ||B||, ||C||, ||A − Aᵀ||, ||B − Cᵀ|| per ' +
    'step. Unstated values picked here: memoryless teacher w* = 1, k = 5, width 30 (quick: 10), GD lr 0.1, until the ' +
    'loss is below 1e-10 (quick: 1e-8), at most 1,000 steps. ' + halfLossNote,
  expected:
    'Loss → 0; the weights end approximately symmetric (asymmetries much smaller than the norms).',
  build: (scale) => ({
    title: 'AISTATS22 Fig. 4',
    description: 'Weight dynamics from A = αI and independent B, C',
    base: {
      experiment: 'train',
      teacher: { kind: 'memoryless', weight: 1 },
      student: {
        kind: 'linear',
        width: scale === 'paper' ? 30 : 10,
        parameterization: 'general',
        init: { kind: 'gaussian', scale: 1, scaleB: Math.sqrt(1e-5), scaleC: Math.sqrt(1e-5), alpha: 'uniform' },
      },
      data: { loss: 'population', length: 5, target: 'last', lossScale: 0.5 },
      optimizer: { kind: 'gd', lr: 0.1 },
      // Stops at the threshold after ~150 steps; a short cap keeps the norm curves' checkpoints dense.
      stopping: { maxSteps: 1_000, lossThreshold: scale === 'paper' ? 1e-10 : 1e-8 },
      metrics: { horizon: 60 },
    },
    axes: [],
    seeds: scale === 'paper' ? [0, 1, 2] : [0],
  }),
}

const aistats22Counterexamples: Preset = {
  id: 'aistats22-counterexamples',
  title: 'AISTATS22 Prop. 5.1 and Lemma 6.3 — solutions that fit and do not extrapolate',
  paper: 'AISTATS22 Prop. 5.1, Lemma 6.3',
  sweeps: 'construction ∈ {Prop. 5.1, Lemma 6.3}',
  description:
    'The constructed students, evaluated like any trained run (no training). Prop. 5.1: A the cyclic permutation, ' +
    'B = e_1, C = w* e_1ᵀ, width d ≥ k: zero loss at length k, yet h_d = w*. Picked here: k = d = 5, so the failure ' +
    'shows at the first step beyond training. Lemma 6.3: C = Bᵀ = (√w*, 0, …, 0, √δ), A = diag(0, …, 0, 2), symmetric, ' +
    'k = 3, d = 4, δ = 0.01 (options.delta): loss (4) without the ½ is δ²(4^k − 1)/3 = 21 δ² for k = 3, the tail ' +
    'h_j = 2^j δ diverges. w* = 1.',
  expected: 'Prop. 5.1: loss 0 at length k and h_d = w*. Lemma 6.3: loss 21 δ² (tiny) with a tail that grows as 2^j δ.',
  build: () => ({
    title: 'AISTATS22 counterexamples',
    description: 'Prop. 5.1 and Lemma 6.3 solutions loaded as students',
    base: {
      experiment: 'counterexample',
      teacher: { kind: 'memoryless', weight: 1 },
      student: { kind: 'linear', parameterization: 'general' },
      data: { loss: 'population', target: 'last' },
      metrics: { horizon: 40 },
    },
    axes: [
      {
        name: 'construction',
        variants: [
          { label: 'prop5.1', set: { 'options.construction': 'prop5.1', 'data.length': 5, 'student.width': 5 } },
          {
            label: 'lemma6.3',
            set: { 'options.construction': 'lemma6.3', 'options.delta': 0.01, 'data.length': 3, 'student.width': 4 },
          },
        ],
      },
    ],
    seeds: [0],
  }),
}

export const aistats22Presets: Preset[] = [
  aistats22Fig1,
  aistats22Fig2,
  aistats22Fig3,
  aistats22Fig4,
  aistats22Fig5,
  aistats22Counterexamples,
]
