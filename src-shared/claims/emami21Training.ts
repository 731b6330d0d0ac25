/**
 * EMAMI21 Table 1's departure notes, written from what a run recorded (its step sizes, budget, batch, back-offs,
 * convergence), never from text that can drift from the settings that ran.
 */
import { fmt, metricOf } from './runs'
import type { ClaimRun } from './types'

/** How the models were trained, against the paper's SGD at lr 1e-4 on a summed loss. */
export function trainingDeparture(run: ClaimRun): string {
  const lr = (m: string) => metricOf(run, `lr_${m}`)
  const rates = [lr('rnn') !== null ? `RNN and scaled Conv1D ${fmt(lr('rnn'), 3)}` : null, lr('conv1d') !== null ? `Conv1D ${fmt(lr('conv1d'), 3)}` : null].filter(Boolean).join(', ')
  const batch = metricOf(run, 'batch_size')
  const chosen = metricOf(run, 'lambda_max_conv1d') !== null || metricOf(run, 'lambda_max_rnn') !== null ? ', each from the curvature of its loss on the training windows' : ''
  const backoffs = ['rnn', 'scaled_conv1d', 'conv1d'].map((m) => [m, metricOf(run, `backoffs_${m}`) ?? 0] as const).filter(([, n]) => n > 0)
  const backed = backoffs.length ? `; the step was halved after a divergence (${backoffs.map(([m, n]) => `${m} ${n}×`).join(', ')})` : ''
  const eps = metricOf(run, 'whiten_shrinkage')
  const before = metricOf(run, 'input_condition_raw')
  const after = metricOf(run, 'input_condition')
  const whitened = eps !== null ? ` The neuron columns were whitened with training-split statistics, (Σ + ε·tr(Σ)/n_x·I)^{-1/2} with ε = ${fmt(eps, 3)}${before !== null && after !== null ? ` (condition number of their covariance ${fmt(before, 3)} → ${fmt(after, 3)})` : ''}, so correlated neurons do not slow SGD; every model and the ridge decoder see the same whitened inputs.` : ''
  const halvings = ['rnn', 'conv1d'].map((m) => [m === 'rnn' ? 'RNN and scaled Conv1D' : 'Conv1D', metricOf(run, `plateau_decays_${m}`)] as const).filter(([, n]) => n !== null)
  const decayed = halvings.length ? ` At a held-out plateau a group went back to its best held-out parameters with half the step before it stopped (${halvings.map(([m, n]) => `${m} ${n}×`).join(', ')}).` : ''
  return `SGD${batch !== null ? ` on minibatches of ${batch} windows` : ''} of the mean loss at step sizes ${rates}${chosen}, instead of the paper's lr 1e-4 on a summed loss${backed}.${decayed}${whitened}`
}

/** How long the models trained and whether each converged (a scale's budget, read from the run). */
export function budgetDeparture(run: ClaimRun, scale: string): string {
  const budget = metricOf(run, 'step_budget') ?? (metricOf(run, 'epochs') ?? 0) * (metricOf(run, 'steps_per_epoch') ?? 0)
  const models = ['rnn', 'scaled_conv1d', 'conv1d'].filter((m) => metricOf(run, `converged_${m}`) !== null)
  const open = models.filter((m) => metricOf(run, `converged_${m}`) === 0)
  const state = models.length === 0 ? '' : open.length === 0 ? ': every model converged before it' : `: ${open.join(', ')} had not converged when it ran out, so the ordering is read before it settles`
  return `${scale[0].toUpperCase()}${scale.slice(1)} scale allows at most ${budget.toLocaleString("en-US")} steps${state}.`
}
