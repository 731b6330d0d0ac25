/**
 * EMAMI21 presets (Emami et al., Implicit Bias of Linear RNNs): Fig. 1 (RNN ≡ scaled Conv1D), Fig. 3 (delay),
 * Fig. 4 (width, ICML version) and Table 1 (decoding on S1). All run the 'rnn-conv-twins' procedure.
 */
import type { Preset } from '../spec/experiment'
import type { StudentSpecInput } from '../spec/student'

const NU = { nuW: 0.3, nuF: 1, nuC: 1 }
/** EMAMI21 eq. 1 student: W ~ N(0, ν_W), F ~ N(0, ν_F), C ~ N(0, ν_C), n^{-1/2} on W and C. */
const student = (width: number): StudentSpecInput => ({ kind: 'linear', width, widthScaling: true, init: { kind: 'emami21', ...NU } })

const LOSS_NOTE =
  'Loss: mean squared error over all N·T·n_y supervised outputs (data.reduction = mean). The paper\'s lr 1e-4 is for ' +
  'a summed squared error; on the mean the same step is lr_sum · N·T·n_y.'

export const emami21Fig1: Preset = {
  id: 'emami21-fig1-dynamics',
  title: 'EMAMI21 Fig. 1: a wide linear RNN trains like its scaled Conv1D',
  paper: 'EMAMI21 Fig. 1–2',
  sweeps: '3 seeds',
  description:
    'Teacher: a width-scaled linear RNN with 4 units, ν_W = 0.3, ν_F = ν_C = 1, n_x = n_y = 1; 50 training and 50 ' +
    'test sequences of length 10 with standard Gaussian inputs (the paper does not state the input law), output ' +
    'noise at SNR 20 dB, every step supervised. Students: the RNN of eq. 1 (same ν) and the scaled Conv1D with ρ_j ' +
    'from eq. 21 started at the same function (θ_j = L_j(0)/√ρ_j), full-batch GD. ' + LOSS_NOTE + ' Here 1e-4 · 50·10 = ' +
    '0.05. Quick: n = 100, 500 steps; paper: n = 1000, 500 steps. Series train_loss_rnn / train_loss_scaled_conv1d ' +
    '(and test_loss_*) overlay the curves.',
  expected:
    'The two curves coincide. In the slow tail of training the finite-width RNN lags its linearisation by a small ' +
    'absolute amount that can be large relative to the tiny remaining loss: judge the twins by |L_rnn − L_conv| / L(0) ' +
    'and the impulse-response gap, not by the ratio of final losses before both have converged.',
  build(scale) {
    const paper = scale === 'paper'
    return {
      title: 'EMAMI21 Fig. 1: RNN vs scaled Conv1D training dynamics',
      description: 'Width-scaled RNN and its scaled Conv1D twin, same init function, same data, full-batch GD.',
      base: {
        experiment: 'rnn-conv-twins',
        teacher: { kind: 'emami21', dim: 4, ...NU },
        student: student(paper ? 1000 : 100),
        data: { loss: 'empirical', length: 10, target: 'every', trainSize: 50, testSize: 50, noiseSnrDb: 20, reduction: 'mean' },
        optimizer: { kind: 'gd', lr: 0.05 },
        stopping: { maxSteps: 500 },
        options: { models: ['rnn', 'scaled_conv1d'] },
      },
      axes: [],
      seeds: [0, 1, 2],
    }
  },
}

export const emami21Fig3: Preset = {
  id: 'emami21-fig3-delay',
  title: 'EMAMI21 Fig. 3: the RNN and scaled Conv1D are biased against delay, the Conv1D is not',
  paper: 'EMAMI21 Fig. 3',
  sweeps: 'delay τ ∈ {0, 4, 8, 12} (quick) or 0..12 step 2 (paper) × 3 seeds',
  description:
    'Target = a width-scaled RNN teacher\'s output (4 units — the paper does not say —, ν_W = 0.3, ν_F = ν_C = 1, ' +
    'n_x = 15, n_y = 1) delayed by τ steps (zero before τ), SNR 20 dB, T = 20, 10 training and 10 test sequences, ' +
    'every step supervised. Models: RNN, scaled Conv1D and Conv1D, all started at the RNN\'s initial function, ' +
    'full-batch GD for 2,000 steps (the paper does not give the step count; the Conv1D has interpolated the training ' +
    'set by then). ' + LOSS_NOTE + ' Here 1e-4 · 10·20 = 0.02. Quick: n = 200; paper: n = 1000 (the paper\'s n_h).',
  expected:
    'Test error of the RNN and the scaled Conv1D grows with τ; the Conv1D stays roughly flat. Asserted on the mean of ' +
    '3 seeds: scaled Conv1D at τ = 8 > 10× its error at τ = 0 and > 2× the Conv1D\'s at τ = 8; Conv1D at τ = 8 < 3× ' +
    'its own at τ = 0. The card shows the measured means, and where the RNN leaves its twin per lag.',
  build(scale) {
    const paper = scale === 'paper'
    return {
      title: 'EMAMI21 Fig. 3: test error against delay',
      description: 'RNN, scaled Conv1D and Conv1D on a delayed linear system.',
      base: {
        experiment: 'rnn-conv-twins',
        teacher: { kind: 'emami21', dim: 4, ...NU, inputs: 15, outputs: 1 },
        student: student(paper ? 1000 : 200),
        data: { loss: 'empirical', length: 20, target: 'every', trainSize: 10, testSize: 10, noiseSnrDb: 20, reduction: 'mean' },
        optimizer: { kind: 'gd', lr: 0.02 },
        stopping: { maxSteps: 2000 },
        options: { models: ['rnn', 'scaled_conv1d', 'conv1d'] },
      },
      axes: [{ path: 'data.delay', values: paper ? [0, 2, 4, 6, 8, 10, 12] : [0, 4, 8, 12] }],
      seeds: [0, 1, 2],
    }
  },
}

export const emami21Fig4: Preset = {
  id: 'emami21-fig4-width',
  title: 'EMAMI21 Fig. 4 (ICML): the RNN follows its kernel twin more closely as it widens',
  paper: 'EMAMI21 Fig. 4 (ICML version)',
  sweeps: 'student width n ∈ {10, 40, 200} (+ 1000 at paper scale) × 3 seeds',
  description:
    'As Fig. 1 (50/50 sequences of length 10, n_x = n_y = 1, SNR 20 dB, full-batch GD lr 0.05 on the mean loss, 500 ' +
    'steps) with a 20-unit teacher, and RNN students of several widths beside their scaled Conv1D twins. ' + LOSS_NOTE,
  expected:
    'The curves get closer as the width grows: the mean over seeds of max |L_rnn − L_conv| / L(0) at width 200 is under ' +
    'half that at widths 10 and 40. The card shows the measured gaps, seed by seed.',
  build(scale) {
    const paper = scale === 'paper'
    return {
      title: 'EMAMI21 Fig. 4: RNN width vs agreement with the scaled Conv1D',
      description: 'RNN students of growing width beside their scaled Conv1D twins.',
      base: {
        experiment: 'rnn-conv-twins',
        teacher: { kind: 'emami21', dim: 20, ...NU },
        student: student(200),
        data: { loss: 'empirical', length: 10, target: 'every', trainSize: 50, testSize: 50, noiseSnrDb: 20, reduction: 'mean' },
        optimizer: { kind: 'gd', lr: 0.05 },
        stopping: { maxSteps: 500 },
        options: { models: ['rnn', 'scaled_conv1d'] },
      },
      axes: [{ path: 'student.width', values: paper ? [10, 40, 200, 1000] : [10, 40, 200] }],
      seeds: [0, 1, 2],
    }
  },
}

export const emami21Table1: Preset = {
  id: 'emami21-table1-s1',
  title: 'EMAMI21 Table 1: decoding hand velocity from S1 with RNN, scaled Conv1D, Conv1D and the ridge optimum',
  paper: 'EMAMI21 Table 1, Fig. 4/5 (real data)',
  sweeps: 'whole recording / limited data (first 4.5 min)',
  needsDataset: true,
  description:
    'Give the recording with --set data.dataset=<id or csv path>. Windows of T = 15 bins, stride 1, target = the ' +
    'velocity columns (names containing "vel"; options.targets to choose) in the window\'s last bin; a contiguous ' +
    'split in time, first 70% train / last 30% test (data.trainFraction, or data.trainMinutes), no window across it; ' +
    'limited data = the first 4.5 minutes of the training split, tested on the same last 30%. Neurons and targets ' +
    'z-scored with training statistics (data.zscore), and the neurons then whitened with them, (Σ + ε·tr(Σ)/n_x·I)^{-1/2} ' +
    'with ε = data.whiten (1: directions of large shared variance are shrunk, so correlated neurons do not stall SGD; ' +
    'every model and the ridge decoder see the same inputs; a departure, the paper does not whiten). RNN n = 1000 (eq. 1, ν_W = 0.3, ν_F = ν_C = 1), its scaled ' +
    'Conv1D twin and the Conv1D, all from the RNN\'s initial function, minibatch 128, the same shuffled batches for all. ' +
    'Trained until converged, so a new recording needs no hand tuning: the last 20% of the training windows are held ' +
    'out (the models train on the first 80%), their loss is checked every 50 steps, and a model has converged when 20 ' +
    'checks in a row (1,000 steps) improve it by less than 0.1% (stopping.earlyStopping); at its first two such ' +
    'plateaus it goes back to its best held-out parameters with half the step (options.plateauDecays, ' +
    'plateau_decays_<model>: minibatch noise sets how close SGD gets), at the third it has converged and keeps its best ' +
    'held-out parameters. The RNN and its scaled Conv1D are judged together on their summed held-out loss, so they ' +
    'always take the same steps; the Conv1D stops on its own. Budget: 40,000 steps (≈ 260 epochs of the whole ' +
    'recording; stopping.maxSteps); converged_<model> = 0 and a warning say when it ran out first. Departure: the ' +
    'paper\'s SGD lr 1e-4 barely moves from the width-scaled init, and a fixed rate tuned on one recording diverges ' +
    'on another, so each group\'s step is set from the data: options.curvatureLr (1, half the stability limit) over ' +
    'λ_max + tr(H)/(n_y B), the largest curvature of its mean loss on the fit windows (power iteration; the RNN\'s ' +
    'kernel regime for the twins) plus that of a minibatch of B windows (lr_<model>, lambda_max_<model>). A loss that ' +
    'turns non-finite or rises above 3× its start sends the group back to its last sound parameters with half the ' +
    'step (backoffs_<model>, and the steps in the warnings). Beside them: the closed-form ridge decoder over the same ' +
    'windows (r2_ridge; penalty by 3-fold cross-validation over the training windows, options.ridgeLambda to fix ' +
    'it), and the unpenalized least-squares fit on the fit windows (r2_least_squares: where plain SGD on the Conv1D ' +
    'heads, so a Conv1D below ridge but at least squares has converged and lacks only a penalty); a recording where ridge decodes nothing (cross-validated R² ≤ 0 on every output) is reported before any model ' +
    'trains, and an output constant on the training rows is left out of R² with a note. Quick: RNN n = 200, budget ' +
    '3,000 steps (≈ 20 epochs of the whole recording). ' + LOSS_NOTE,
  expected:
    'Test R² (x / y), paper: whole RNN 0.646/0.591, scaled 0.644/0.586, Conv1D 0.657/0.603; limited RNN 0.604/0.426, ' +
    'scaled 0.605/0.423, Conv1D 0.586/0.392. RNN ≈ scaled Conv1D (R² difference < 0.02 at n = 1000); Conv1D best on ' +
    'the whole recording, worst on limited data; the cross-validated ridge decoder is a strong linear baseline beside ' +
    'them (not a bound: a trained model can beat it on the test windows). Read converged_<model>, the step sizes and ' +
    'back-offs beside the table before comparing; the paper\'s split and preprocessing are not stated.',
  build(scale) {
    const paper = scale === 'paper'
    return {
      title: 'EMAMI21 Table 1 on S1',
      description: 'RNN, scaled Conv1D, Conv1D and the ridge optimum decoding hand velocity; whole vs limited data.',
      base: {
        experiment: 'rnn-conv-twins',
        teacher: { kind: 'none' },
        student: student(paper ? 1000 : 200),
        data: { loss: 'empirical', length: 15, target: 'last', batchSize: 128, trainFraction: 0.7, zscore: true, whiten: 1, reduction: 'mean' },
        optimizer: { kind: 'sgd', lr: 0.01 },
        stopping: { maxSteps: paper ? 40_000 : 3_000, earlyStopping: { every: 50, patience: 20, minImprovement: 1e-3 } },
        options: { models: ['rnn', 'scaled_conv1d', 'conv1d'], curvatureLr: 1, plateauDecays: 2 },
      },
      axes: [
        {
          name: 'recording',
          variants: [
            { label: 'whole', set: { 'data.limitMinutes': null } },
            { label: 'limited 4.5 min', set: { 'data.limitMinutes': 4.5 } },
          ],
        },
      ],
      seeds: [0],
    }
  },
}

export const emami21Presets: Preset[] = [emami21Fig1, emami21Fig3, emami21Fig4, emami21Table1]
