/**
 * Boundary-search presets: where the critical training length k* (or the largest teacher dimension d*) falls, found
 * by `impulse-lab find` (bisection over runs) instead of a full grid. Each is also an ordinary sweep (`run` gives the
 * full grid over the same axes, which is what the search is checked against).
 */
import type { Preset, Scale } from '../spec/experiment'

const range = (from: number, to: number): number[] => Array.from({ length: to - from + 1 }, (_, i) => from + i)

/** ICLR23 App. B.2.1 balanced teacher with the stable spectrum Theorem 8 assumes: eigenvalues U[0.6, 1), CB = 1. */
const stableBalancedTeacher = { kind: 'iclr23-balanced', dim: 5, eigMin: 0.6, eigMax: 1, bMean: 0.5, bStd: 1, spacing: 'random' } as const

const predicateNote =
  'A probe passes when its extrapolation error (max over k ≤ j < 120 of |h_j − ĥ_j|) is below 0.1 × the zero ' +
  'solution\'s (below 0.1 absolute where the zero solution\'s tail is silent). k* is the smallest k from which every ' +
  'seed passes at every longer k in range (each seed\'s own k* is reported too).'

export const iclr23CriticalLength: Preset = {
  id: 'iclr23-critical-length',
  title: 'ICLR23 — critical training length k* against teacher dimension d̂',
  paper: 'ICLR23 §4–5, Fig. 1a',
  sweeps: 'search: d̂ = 1..8 × k = 2..24 × 10 seeds (quick: d̂ = 1..4 × k = 2..16 × 2 seeds)',
  description:
    'The Fig. 1a setting (diagonal student width 40, tied B = Cᵀ, init N(0, (1e-3)²), Adam lr 1e-3, 15,000 steps on ' +
    'the population loss) with stable balanced teachers (eigenvalues U[0.6, 1)), one teacher per seed, for d̂ = 1..8. ' +
    predicateNote + ' Run with `impulse-lab find`; `run` gives the full grid.',
  expected:
    'ICLR23 §4–5 (Theorem 8): k > 2d̂ suffices, so k* ≤ 2d̂ + 1 for every d̂; random teachers dominated by one or two ' +
    'modes extrapolate earlier. The paper\'s own points (d̂ = 5 and 10) are drawn on the k* figure. Measured numbers: docs/search.md.',
  search: { outer: 'teacher.dim', inner: 'data.length' },
  paperKStar: [
    {
      x: 5,
      lastFailing: 10,
      firstPassing: 11,
      source:
        'ICLR23 §5.1 (Fig. 1a, balanced teacher d̂ = 5, diagonal student d = 40, GD on the population loss): error low ' +
        'when k > 2d̂, high below; App. A Fig. 5: the student trained with k = 10 does not extrapolate',
    },
    {
      x: 10,
      lastFailing: 18,
      firstPassing: 20,
      source:
        'ICLR23 §5.2 (Fig. 1b, delay teacher d̂ = 10, general student d = 50, Adam on the empirical loss): App. A Fig. 6: ' +
        'the student trained with k = 18 diverges after step 18, the one trained with k = 20 tracks the teacher',
    },
  ],
  build: (scale: Scale) => ({
    title: 'ICLR23 critical length',
    description: 'k* against teacher dimension',
    base: {
      experiment: 'train',
      teacher: stableBalancedTeacher,
      student: { kind: 'linear', width: 40, parameterization: 'diagonal', balanced: true, init: { kind: 'gaussian', scale: 1e-3 } },
      data: { loss: 'population', target: 'last' },
      optimizer: { kind: 'adam', lr: 1e-3 },
      stopping: { maxSteps: 15_000 },
      metrics: { horizon: 120 },
    },
    axes: [
      { path: 'teacher.dim', values: scale === 'paper' ? range(1, 8) : range(1, 4) },
      { path: 'data.length', values: scale === 'paper' ? range(2, 24) : range(2, 16) },
    ],
    seeds: scale === 'paper' ? range(0, 9) : [0, 1],
  }),
}

export const iclr23CriticalInit: Preset = {
  id: 'iclr23-critical-init',
  title: 'ICLR23 — critical training length k* against init scale',
  paper: 'ICLR23 Fig. 4 (App. A.1.2)',
  sweeps:
    'search: init 1e-5..1e-1 × k = 2..30 × 3 seeds (quick: {1e-5, 1e-3, 1e-1} × k = 2..20 × seeds 1, 2); paper: at most ' +
    '120 of the grid\'s 435 runs (times measured: docs/search.md)',
  description:
    'The Fig. 4 setting (stable balanced teacher d̂ = 5, general student width 40, population loss, Adam lr 1e-3 with ' +
    'MultiStepLR at 5,000 / 10,000 / 15,000 / 30,000, γ = 0.1, 30,000 steps; quick: width 20, 6,000 steps) with the ' +
    'init scale as the outer axis. A probe passes when its extrapolation error is below 0.01, the paper\'s own summary ' +
    'of Fig. 4 (the first k whose error falls below 0.01): in this setting the error is nearly flat in k while the zero ' +
    'solution\'s tail shrinks, so the ratio test would rise with k. Quick seeds 1 and 2.',
  expected: 'Larger init needs longer k (ICLR23 Fig. 4): k* non-decreasing in the init scale, and larger at 1e-1 than at 1e-3.',
  search: { outer: 'student.init.scale', inner: 'data.length', until: 'extrapolation_error < 0.01' },
  build: (scale: Scale) => ({
    title: 'ICLR23 critical init',
    description: 'k* against init scale',
    base: {
      experiment: 'train',
      teacher: stableBalancedTeacher,
      student: { kind: 'linear', width: scale === 'paper' ? 40 : 20, parameterization: 'general', init: { kind: 'gaussian', scale: 1e-5 } },
      data: { loss: 'population', target: 'last' },
      optimizer: { kind: 'adam', lr: 1e-3, milestones: [5_000, 10_000, 15_000, 30_000], gamma: 0.1 },
      stopping: { maxSteps: scale === 'paper' ? 30_000 : 6_000 },
      metrics: { horizon: 120 },
    },
    axes: [
      { path: 'student.init.scale', values: scale === 'paper' ? [1e-5, 1e-4, 1e-3, 1e-2, 1e-1] : [1e-5, 1e-3, 1e-1] },
      { path: 'data.length', values: scale === 'paper' ? range(2, 30) : range(2, 20) },
    ],
    seeds: scale === 'paper' ? [0, 1, 2] : [1, 2],
  }),
}

export const aistats22CriticalDim: Preset = {
  id: 'aistats22-critical-dim',
  title: 'AISTATS22 — the largest teacher dimension d* that still extrapolates at k = 5',
  paper: 'AISTATS22 Fig. 5',
  sweeps:
    'search (down): student kind × d* = 1..10 × 3 seeds (quick: d* = 1..8 × 1 seed); paper: at most 63 of the grid\'s ' +
    '90 runs (times measured: docs/search.md)',
  description:
    'AISTATS22 Fig. 5 turned around: training length fixed at k = 5 (§7: width 30, Adam lr 1e-3, Gaussian inputs, ' +
    'batch 100; random stable teacher, spectral radius 0.9, C scaled so the first 5 response values have unit norm), ' +
    'and for each student kind (linear with a small init: Xavier × 0.5 on A, × 0.1 on B and C; GRU; LSTM) the largest ' +
    'teacher dimension up to which every seed extrapolates (search direction down). ' + predicateNote +
    ' GRU and LSTM students are judged by their input-averaged output errors.',
  expected: 'AISTATS22 Fig. 5: extrapolation holds while d* < k = 5 and fails beyond, so d* ≈ 4 for a student that extrapolates at all.',
  search: { outer: 'student.kind', inner: 'teacher.dim', direction: 'down' },
  build: (scale: Scale) => ({
    title: 'AISTATS22 critical dimension',
    description: 'largest extrapolating teacher dimension per student',
    base: {
      experiment: 'train',
      teacher: { kind: 'random-stable', dim: 1, spectralRadius: 0.9, normalize: 'first-k-unit-norm', normalizeSteps: 5 },
      student: { kind: 'linear', width: 30, init: { kind: 'xavier', scale: 1, scaleA: 0.5, scaleB: 0.1, scaleC: 0.1 } },
      data: { loss: 'empirical', length: 5, target: 'last', batchSize: 100, trainSize: scale === 'paper' ? 10_000 : 1_000 },
      optimizer: { kind: 'adam', lr: 1e-3, beta1: 0.9, beta2: 0.999 },
      stopping: { maxSteps: scale === 'paper' ? 5_000 : 800 },
      metrics: { maxLength: 15, horizon: 60 },
    },
    axes: [
      { path: 'student.kind', values: ['linear', 'gru', 'lstm'] },
      { path: 'teacher.dim', values: scale === 'paper' ? range(1, 10) : range(1, 8) },
    ],
    seeds: scale === 'paper' ? [0, 1, 2] : [0],
  }),
}

export const criticalPresets: Preset[] = [iclr23CriticalLength, iclr23CriticalInit, aistats22CriticalDim]
