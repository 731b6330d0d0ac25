// EMAMI21 Table 1's held-out convergence criterion on a recording it was not tuned on: a synthetic reaching recording
// with other statistics than S1 (80 neurons, higher rates, another velocity scale), imported like a user's CSV.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Store } from '../../../src-main/store/index'
import { importCsv, loadDatasetFile } from '../../../src-main/datasets/index'
import { runExperiment } from '../../../src-shared/experiments/index'
import { emami21Table1 } from '../../../src-shared/presets/emami21'
import { parseExperimentSpec } from '../../../src-shared/spec/experiment'
import { expandSweep } from '../../../src-shared/spec/sweep'
import { syntheticRecordingCsv } from '../../helpers/syntheticRecording'

test('Table 1 criterion on a synthetic recording: every model converges near the ridge optimum; RNN and scaled Conv1D share one schedule', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'impulse-converge-'))
  try {
    const csv = join(dir, 'synthetic.csv')
    writeFileSync(csv, syntheticRecordingCsv({ neurons: 80, rows: 2000, binWidth: 0.05, seed: 3 }))
    const store = Store.open(join(dir, 'lab.db'))
    const { dataset } = await importCsv(store, csv)
    const table = loadDatasetFile(join(store.dataDir, dataset.file))
    store.close()
    const whole = expandSweep(emami21Table1.build('quick'))[0].spec
    // The preset's rates and criterion, on a narrower RNN and with a budget of 6,000 steps so every model gets there.
    const spec = parseExperimentSpec({
      ...whole,
      student: { ...whole.student, width: 40 },
      data: { ...whole.data, dataset: dataset.id },
      stopping: { ...whole.stopping, maxSteps: 6000 },
    })
    const result = runExperiment(spec, { onProgress() {}, dataset: table })
    const m = result.metrics as Record<string, number & Record<string, number>>
    const show = JSON.stringify({
      r2: { rnn: m.r2_rnn, scaled: m.r2_scaled_conv1d, conv: m.r2_conv1d, ridge: m.r2_ridge },
      epochs: { rnn: m.epochs_rnn, scaled: m.epochs_scaled_conv1d, conv: m.epochs_conv1d },
      lr: { twins: m.lr_rnn, conv: m.lr_conv1d },
      best: { rnn: m.best_epoch_rnn, conv: m.best_epoch_conv1d },
    })
    t.diagnostic(show)
    assert.equal(m.converged, 1, `${show} ${result.warnings.join('; ')}`)
    for (const model of ['rnn', 'scaled_conv1d', 'conv1d']) assert.equal(m[`converged_${model}`], 1, model)
    // One schedule for the twins: the same steps and the same best checkpoint.
    assert.equal(m.epochs_rnn, m.epochs_scaled_conv1d)
    assert.equal(m.best_epoch_rnn, m.best_epoch_scaled_conv1d)
    assert.ok(m.epochs_rnn < spec.stopping.maxSteps / m.steps_per_epoch, 'stopped by the criterion, before the budget')
    // The models train on the first 80% of the training windows; the rest is held out.
    assert.ok(Math.abs(m.windows_train / (0.7 * 2000) - 0.8) < 0.02, `windows_train ${m.windows_train}`)
    for (const axis of ['vel_x', 'vel_y']) {
      for (const model of ['rnn', 'scaled_conv1d', 'conv1d']) {
        // Converged: within 0.05 of the closed-form optimum of the family (a converged SGD fit on 80% of the windows).
        assert.ok(m[`r2_${model}`][axis] > m.r2_ridge[axis] - 0.05, `${model} ${axis}: ${show}`)
      }
    }
    assert.ok(result.series.held_out_loss_rnn.y.length > 3)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})
