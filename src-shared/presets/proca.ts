/**
 * PROCA presets (Proca, Shanahan, Mediano — Learning Dynamics of Linear RNNs): Fig. 1 (closed form of a·c beside
 * gradient descent) and Fig. 2 (loss landscape over (b, ac)). Settings and measurements: docs/experiments.md.
 */
import type { Preset } from '../spec/experiment'

export const procaFig1Modes: Preset = {
  id: 'proca-fig1-modes',
  title: 'PROCA Fig. 1: learning dynamics of an input-output connectivity mode',
  paper: 'PROCA Fig. 1',
  sweeps: 'constant target s ∈ {0.25..2} (β_s : β_b ratios), T = 10',
  description:
    'Gradient descent on one connectivity mode (a, b, c) of E = ½ Σ_i (s_i − c b^{T−i} a)² with b held at 0.9 and ' +
    'a(0) = c(0) = 0.1, beside the closed form a·c(t) = e^{2tβ_s/τ} β_s / (β_s/(a(0)c(0)) − β_b + e^{2tβ_s/τ} β_b), ' +
    'τ = 1/lr, t in steps. The paper does not say which ratios it plots: the preset varies β_s through a constant ' +
    'target s_t = s (β_b = Σ_k 0.81^k ≈ 4.62 stays fixed, β_s : β_b ≈ 1.41 s). Options: b, init, trainB (b trained too). ' +
    'The gap to the closed form is step-size error ∝ lr·β_s. Quick: lr 1e-4, s ∈ {0.25, 0.5, 1}; paper: lr 1e-5 ' +
    '(closer to gradient flow), s up to 2.',
  expected:
    'Sigmoidal learning of a·c to β_s/β_b; the simulation follows the closed form to the step-size error; the time to learn scales as 1/β_s at a fixed starting point.',
  build(scale) {
    const paper = scale === 'paper'
    return {
      title: 'PROCA Fig. 1: connectivity-mode dynamics',
      description: 'One connectivity mode, b fixed, simulated beside the closed form for several β_s : β_b.',
      base: {
        experiment: 'proca-mode',
        teacher: { kind: 'sequence', shape: 'constant', base: 1 },
        data: { length: 10 },
        optimizer: { kind: 'gd', lr: paper ? 1e-5 : 1e-4 },
        stopping: { maxSteps: paper ? 400_000 : 80_000 },
        metrics: { curvePoints: 500 },
        options: { b: 0.9, init: 0.1, trainB: false },
      },
      axes: [{ path: 'teacher.base', values: paper ? [0.25, 0.5, 1, 1.5, 2] : [0.25, 0.5, 1] }],
      seeds: [0],
    }
  },
}

const targetShapes = [
  { label: 'constant 0.7', set: { teacher: { kind: 'sequence', shape: 'constant', base: 0.7 } } },
  { label: 'expanding 0.7^(T−t)', set: { teacher: { kind: 'sequence', shape: 'expanding', base: 0.7 } } },
  { label: 'contracting 0.9^t', set: { teacher: { kind: 'sequence', shape: 'contracting', base: 0.9 } } },
]

export const procaFig2Landscape: Preset = {
  id: 'proca-fig2-landscape',
  title: 'PROCA Fig. 2: loss landscape and gradient field over (b, ac)',
  paper: 'PROCA Fig. 2',
  sweeps: 'constant / expanding / contracting target × T ∈ {10, 50}',
  description:
    'The loss E(b, ac) = ½ Σ_i (s_i − ac b^{T−i})² on a grid over b, ac ∈ [−1.5, 1.5] with its negative gradient ' +
    'field, the global minimum found numerically (profile over b, golden-section refinement), and two gradient-' +
    'descent trajectories of a free mode (a, b, c) from b = +0.95 and b = −0.95 with a = c = 0.05, the pair chosen ' +
    'to show the bifurcation the paper describes (from b = ±0.3, a = c = 0.3 both starts of every target end at the ' +
    'same place). The paper does not give its plotting range or the trajectories; both are options (bMin, bMax, ' +
    'acMin, acMax, grid, trajectories: { b, init, c? }). GD lr 1e-3 at T = 10 and 5e-5 at T = 50 (stability near ' +
    'b = 1). Quick: 31 × 31 grid, 20,000 / 400,000 steps; paper: 81 × 81, 100,000 / 2,000,000 steps.',
  expected:
    'Global minima (b, ac) = (1, 0.7) for the constant target, (0.7, 1) for the expanding one and (1/0.9, 0.9^T) for ' +
    'the contracting one (0.9^10 ≈ 0.349 at T = 10, where the paper prints 0.359; 0.00515 at T = 50), the same for ' +
    'both T except the contracting ac. Bifurcation: for the contracting target the b = +0.95 ' +
    'trajectory reaches the global minimum and the b = −0.95 one is pushed to b ≈ −0.9 with a·c ≈ 0, where the loss ' +
    'stays at the zero function\'s; for the constant and expanding targets both ' +
    'trajectories reach the global minimum.',
  build(scale) {
    const paper = scale === 'paper'
    return {
      title: 'PROCA Fig. 2: loss landscapes',
      description: 'Loss and gradient field over (b, ac) for three target dynamics and two trajectory lengths.',
      base: {
        experiment: 'proca-landscape',
        optimizer: { kind: 'gd' },
        metrics: { curvePoints: 300 },
        options: { grid: paper ? 81 : 31, trajectories: [{ b: 0.95, init: 0.05 }, { b: -0.95, init: 0.05 }] },
      },
      axes: [
        { name: 'target', variants: targetShapes },
        {
          // Near b = 1 the curvature along b grows like Σ_k (k ac)² ≈ T³/3 · ac², so GD is stable at T = 50 only
          // below lr ≈ 1e-4: the longer trajectories take a smaller step and proportionally more of them.
          name: 'T',
          variants: [
            { label: 'T = 10', set: { 'data.length': 10, 'optimizer.lr': 1e-3, 'stopping.maxSteps': paper ? 100_000 : 20_000 } },
            { label: 'T = 50', set: { 'data.length': 50, 'optimizer.lr': 5e-5, 'stopping.maxSteps': paper ? 2_000_000 : 400_000 } },
          ],
        },
      ],
      seeds: [0],
    }
  },
}

export const procaPresets: Preset[] = [procaFig1Modes, procaFig2Landscape]
