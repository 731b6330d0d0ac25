/**
 * Every series a procedure stores, and the charts that group them. Producers write names through `seriesName`,
 * views find them through the same functions, so a renamed series cannot silently drop out of a chart.
 */
import type { TwinModelName } from '../spec/options'
import type { AxisMeaning, ChartEntry, SeriesEntry } from './types'

/** The EMAMI21 models (spec/options `TwinModelName`), in the paper's order: what a `{model}` slot matches. */
export const TWIN_MODEL_NAMES: readonly TwinModelName[] = ['rnn', 'scaled_conv1d', 'conv1d']
export const TWIN_MODEL_LABELS: Record<string, string> = { rnn: 'RNN', scaled_conv1d: 'scaled Conv1D', conv1d: 'Conv1D', ridge: 'ridge optimum', least_squares: 'least squares (no penalty)' }

/** Series names, one function or constant per producer-facing name. */
export const seriesName = {
  lossCurve: 'loss_curve',
  testLossCurve: 'test_loss_curve',
  impulseStudent: 'impulse_student',
  impulseTeacher: 'impulse_teacher',
  impulseInit: 'impulse_init',
  impulseRidge: 'impulse_ridge',
  trainLoss: (model: string) => `train_loss_${model}`,
  trainLossFull: (model: string) => `train_loss_full_${model}`,
  testLoss: (model: string) => `test_loss_${model}`,
  testR2: (model: string, target: string) => `test_r2_${model}_${target}`,
  impulseOf: (model: string) => `impulse_${model}`,
  trajectory: (n: number) => `trajectory_${n}`,
} as const

export const AXIS_LABELS: Record<AxisMeaning, string> = {
  step: 'training step',
  epoch: 'epoch',
  lag: 'lag j',
  length: 'sequence length L',
  'training-length': 'training length k',
  'eigen-real': 'Re λ',
  'mode-b': 'b',
  'mode-index': 'mode i',
  grid: 'grid cell',
  'kernel-entry': 'entry (lag j, output, input), row-major',
}

const s = (name: string, label: string, x: AxisMeaning, y: string, chart: string, section: string, definition: string, logY = false): SeriesEntry => ({
  name, label, x, y, chart, section, definition, ...(logY ? { logY } : {}),
})

export const SERIES: readonly SeriesEntry[] = [
  s('loss_curve', 'training loss', 'step', 'loss', 'loss', 'all papers', 'Training loss over steps (EMAMI21 real data: the first model\'s training-set loss).', true),
  s('test_loss_curve', 'validation loss', 'step', 'loss', 'loss', 'ICLR23 App. B.1', 'Loss on validation batches, checked for early stopping.', true),
  s('train_loss_{model}', 'train loss, {model}', 'step', 'loss', 'loss_by_model', 'EMAMI21 Fig. 1', 'Minibatch training loss of this model at every step.', true),
  s('train_loss_full_{model}', 'training-set loss, {model}', 'step', 'loss', 'loss_by_model', 'EMAMI21 Fig. 5', 'Loss on the whole training split, at each evaluation.', true),
  s('test_loss_{model}', 'test loss, {model}', 'step', 'loss', 'loss_by_model', 'EMAMI21 Fig. 5', 'Loss on the test split (or fresh data), at each evaluation.', true),
  s('held_out_loss_{model}', 'held-out loss, {model}', 'step', 'loss', 'loss_by_model', 'EMAMI21 Table 1', 'Loss on the held-out training windows that decide convergence, at each evaluation.', true),
  s('test_r2_{model}_{target}', 'test R², {model}', 'step', 'test R²', 'test_r2_{target}', 'EMAMI21 Fig. 5', 'Test R² of this output column over training.'),
  s('impulse_student', 'student ĥ_j', 'lag', 'h_j', 'impulse', 'ICLR23 Fig. 5', 'The student\'s impulse response ĥ_j = Ĉ Â^j B̂, first output and input (gated students: the output for a unit impulse at step 0).'),
  s('impulse_teacher', 'teacher h_j', 'lag', 'h_j', 'impulse', 'ICLR23 Fig. 5', 'The teacher\'s impulse response h_j = C A^j B, first output and input (gated students\' runs: the teacher\'s output for a unit impulse at step 0).'),
  s('impulse_ho_kalman', 'Ho–Kalman realization h_j', 'lag', 'h_j', 'impulse', 'ICLR23 §4', 'Impulse response of the Ho–Kalman (Hankel-SVD) realization identified from the first k teacher values.'),
  s('teacher_modes', 'teacher mode weights p_i', 'eigen-real', 'weight p_i = C_i B_i', 'teacher_modes', 'ICLR23 App. B.2.1', 'Each teacher eigenvalue (x) with its weight in h_j (y).'),
  s('impulse_{model}', 'kernel L_j, {model}', 'kernel-entry', 'L_j (flattened)', 'kernels', 'EMAMI21 Fig. 2', 'The model\'s end-to-end kernel, (T, n_y, n_x) flattened.'),
  s('impulse_init', 'kernel at the start', 'kernel-entry', 'L_j (flattened)', 'kernels', 'EMAMI21 Fig. 2', 'The kernel every model starts from.'),
  s('impulse_ridge', 'kernel, ridge optimum', 'kernel-entry', 'L_j (flattened)', 'kernels', 'EMAMI21 Table 1', 'The ridge optimum\'s kernel.'),
  s('rho', 'scaling ρ_j', 'lag', 'ρ_j', 'rho', 'EMAMI21 eq. 21', 'The per-lag scaling ρ_j = ν_C (j ν_F ν_W^{j−1} + ν_W^j) + ν_F ν_W^j that makes the scaled Conv1D (L_j = √ρ_j θ_j, eq. 7) the wide RNN\'s twin.'),
  s('mse_by_length', 'MSE by length', 'length', 'MSE', 'mse_by_length', 'AISTATS22 Fig. 1', 'E‖y_L − ŷ_L‖² at each length L.', true),
  s('mean_response_student', 'student mean response', 'lag', 'E[y_j x_0]', 'mean_response', 'ICLR23 §5.3', 'The student\'s first Wiener kernel on random inputs.'),
  s('mean_response_teacher', 'teacher mean response', 'lag', 'E[y_j x_0]', 'mean_response', 'ICLR23 §5.3', 'The teacher\'s first Wiener kernel on random inputs.'),
  s('eigenvalues', 'eigenvalues of A', 'eigen-real', 'Im λ', 'eigenvalues', 'AISTATS22 Fig. 3', 'Eigenvalues of the student\'s A (re, im).'),
  s('slackness', '|λ_i u_i|', 'eigen-real', '|λ_i u_i|', 'slackness', 'AISTATS22 Fig. 3', 'Per mode, |λ_i u_i| against Re λ_i.'),
  s('balance_curve', '‖B − Cᵀ‖ / ‖B + Cᵀ‖', 'step', 'balance ratio', 'balance', 'ICLR23 Prop. 9', 'The balance ratio over training.'),
  s('a_norm_curve', '‖A‖', 'step', 'norm', 'norms', 'AISTATS22 Fig. 4', '‖A‖ over training.'),
  s('b_norm_curve', '‖B‖', 'step', 'norm', 'norms', 'AISTATS22 Fig. 4', '‖B‖ over training.'),
  s('c_norm_curve', '‖C‖', 'step', 'norm', 'norms', 'AISTATS22 Fig. 4', '‖C‖ over training.'),
  s('a_asym_curve', '‖A − Aᵀ‖', 'step', 'norm', 'norms', 'AISTATS22 Fig. 4', '‖A − Aᵀ‖ over training.'),
  s('b_minus_ct_curve', '‖B − Cᵀ‖', 'step', 'norm', 'norms', 'AISTATS22 Fig. 4', '‖B − Cᵀ‖ over training.'),
  s('ac_simulated', 'a·c, gradient descent', 'step', 'a·c', 'mode_strength', 'PROCA Fig. 1', 'The mode strength under gradient descent.'),
  s('ac_closed_form', 'a·c, closed form', 'step', 'a·c', 'mode_strength', 'PROCA eq. 6', 'The paper\'s closed form for a·c(t).'),
  s('b_curve', 'b', 'step', 'b', 'mode_b', 'PROCA Fig. 2', 'The recurrent weight b when it is trained.'),
  s('trajectory', '(b, a·c) over training', 'mode-b', 'a·c', 'trajectory', 'PROCA Fig. 2', 'The path of gradient descent in the (b, a·c) plane.'),
  s('trajectory_{n}', 'trajectory {n}', 'mode-b', 'a·c', 'landscape', 'PROCA Fig. 2', 'Gradient descent from one start, in the (b, a·c) plane.'),
  s('landscape_b_axis', 'b grid', 'grid', 'b', 'landscape', 'PROCA Fig. 2', 'The landscape grid along b.'),
  s('landscape_ac_axis', 'a·c grid', 'grid', 'a·c', 'landscape', 'PROCA Fig. 2', 'The landscape grid along a·c.'),
  s('landscape_loss', 'E(b, a·c)', 'grid', 'E', 'landscape', 'PROCA Fig. 2', 'The loss on the grid, row-major (a·c, b).'),
  s('landscape_flow_b', '−∂E/∂b', 'grid', '−∂E/∂b', 'landscape', 'PROCA Fig. 2', 'The flow field along b, row-major (a·c, b).'),
  s('landscape_flow_ac', '−∂E/∂(a·c)', 'grid', '−∂E/∂(a·c)', 'landscape', 'PROCA Fig. 2', 'The flow field along a·c, row-major (a·c, b).'),
  s('modes_ac', 'Re a·c per mode', 'step', 'Re a·c', 'modes_ac', 'PROCA §4', 'Each connectivity mode\'s strength over training.'),
  s('modes_ac_im', 'Im a·c per mode', 'step', 'Im a·c', 'modes_ac', 'PROCA §4', 'Imaginary part of each mode\'s strength.'),
  s('modes_b', 'Re b per mode', 'step', 'Re b', 'modes_b', 'PROCA §4', 'Each mode\'s recurrent weight over training.'),
  s('modes_b_im', 'Im b per mode', 'step', 'Im b', 'modes_b', 'PROCA §4', 'Imaginary part of each mode\'s recurrent weight.'),
  // Per-lag readings of the stored kernels (impulse_{model}, impulse_ridge, impulse_teacher, rho), drawn by EMAMI21 Fig. 3.
  s('kernel_norm_{model}', '|L_j|, {model}', 'lag', '|L_j| and √ρ_j', 'kernel_regime', 'EMAMI21 §4', 'Per lag j, the norm of the model\'s kernel block L_j (n_y × n_x) at the end of training, mean over seeds.', true),
  s('kernel_norm_ridge', '|L_j|, ridge optimum', 'lag', '|L_j| and √ρ_j', 'kernel_regime', 'EMAMI21 §4', 'Per lag j, the norm of the ridge optimum\'s kernel block: what the data ask for when no lag is penalised.', true),
  s('kernel_norm_target', '|L_j|, target (teacher delayed by τ)', 'lag', '|L_j| and √ρ_j', 'kernel_regime', 'EMAMI21 §5.1', 'Per lag j, the norm of the delayed teacher\'s kernel block h_{j−τ} (zero for j < τ).', true),
  s('sqrt_rho', '√ρ_j, twin scaling', 'lag', '|L_j| and √ρ_j', 'kernel_regime', 'EMAMI21 eq. 21', 'The scaled Conv1D\'s per-lag factor √ρ_j: gradient descent moves lag j at a rate ∝ ρ_j, so lags where √ρ_j is small barely move.', true),
  s('kernel_gap_by_lag', 'RNN–twin gap', 'lag', '‖L_j,RNN − L_j,scaled‖ / ‖L_scaled − L(0)‖', 'kernel_gap', 'EMAMI21 §4', 'Per lag j, how far the RNN\'s kernel is from its scaled twin\'s, over the distance the twin moved from the start (squares over lags sum to impulse_gap²), mean over seeds.'),
]

export const CHARTS: readonly ChartEntry[] = [
  { id: 'loss', title: 'Training curve', x: 'step', y: 'loss', logY: true },
  { id: 'loss_by_model', title: 'Training and test loss by model', x: 'step', y: 'loss', logY: true },
  { id: 'test_r2_{target}', title: 'Test R² over training, {target}', x: 'step', y: 'test R²', yRange: [-1, 1] },
  { id: 'impulse', title: 'Impulse response', x: 'lag', y: 'h_j' },
  { id: 'teacher_modes', title: 'Teacher modes: eigenvalue and weight', x: 'eigen-real', y: 'weight p_i' },
  { id: 'kernels', title: 'Kernels L_j (flattened)', x: 'kernel-entry', y: 'L_j' },
  { id: 'rho', title: 'Twin scaling ρ_j', x: 'lag', y: 'ρ_j' },
  { id: 'mse_by_length', title: 'MSE by sequence length', x: 'length', y: 'MSE', logY: true },
  { id: 'mean_response', title: 'Mean response (first Wiener kernel)', x: 'lag', y: 'E[y_j x_0]' },
  { id: 'eigenvalues', title: 'Eigenvalues', x: 'eigen-real', y: 'Im λ' },
  { id: 'slackness', title: 'Complementary slackness (AISTATS22 Fig. 3)', x: 'eigen-real', y: '|λ_i u_i|' },
  { id: 'balance', title: 'Balancedness over training (ICLR23 Prop. 9)', x: 'step', y: 'balance ratio' },
  { id: 'norms', title: 'Weight norms over training', x: 'step', y: 'norm' },
  { id: 'mode_strength', title: 'Mode strength a·c over training', x: 'step', y: 'a·c' },
  { id: 'mode_b', title: 'Recurrent weight b over training', x: 'step', y: 'b' },
  { id: 'trajectory', title: 'Trajectory in the (b, a·c) plane', x: 'mode-b', y: 'a·c' },
  { id: 'landscape', title: 'Loss landscape E(b, a·c)', x: 'mode-b', y: 'a·c' },
  { id: 'modes_ac', title: 'Connectivity modes: a·c', x: 'step', y: 'a·c' },
  { id: 'modes_b', title: 'Connectivity modes: b', x: 'step', y: 'b' },
  { id: 'kernel_regime', title: '√ρ_j beside |L_j| per lag', x: 'lag', y: '|L_j| and √ρ_j', logY: true },
  { id: 'kernel_gap', title: 'RNN–twin kernel gap per lag', x: 'lag', y: '‖L_j,RNN − L_j,scaled‖ / ‖L_scaled − L(0)‖' },
]
