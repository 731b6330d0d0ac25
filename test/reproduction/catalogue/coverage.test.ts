/**
 * Every metric and series any procedure stores is in the catalogue: each distinct kind of run among the presets
 * (experiment × student × loss × teacher, quick and paper scale) runs for a few steps and its names are looked up,
 * so a new, unregistered name fails here.
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { CHARTS, METRICS, SERIES, describeChart, describeMetric, describeSeries, metricLabel } from '../../../src-shared/catalogue'
import type { DatasetTable } from '../../../src-shared/api/dataset'
import { runExperiment } from '../../../src-shared/experiments'
import { presets } from '../../../src-shared/presets'
import { expandSweep } from '../../../src-shared/spec/sweep'
import type { ExperimentSpec } from '../../../src-shared/spec/experiment'
import { testContext } from '../../helpers/backends'

/** A small recording: 6 neurons and two velocity columns over 400 bins of 50 ms (seeded, so reproducible). */
function tinyRecording(): DatasetTable {
  const columns = [
    { name: 'time', role: 'time' as const },
    ...Array.from({ length: 6 }, (_, i) => ({ name: `n${i}`, role: 'neuron' as const })),
    { name: 'vel_x', role: 'behavior' as const },
    { name: 'vel_y', role: 'behavior' as const },
  ]
  const rows = 400
  const values = new Float64Array(rows * columns.length)
  let state = 1
  for (let r = 0; r < rows; r++) {
    values[r * columns.length] = r * 0.05
    for (let c = 1; c < columns.length; c++) {
      state = (state * 16807) % 2147483647
      values[r * columns.length + c] = state / 2147483647
    }
  }
  return { id: 'tiny', name: 'tiny', columns, binWidth: 0.05, rows, values }
}

function tinySpec(spec: ExperimentSpec, needsDataset: boolean): ExperimentSpec {
  return {
    ...spec,
    stopping: { ...spec.stopping, maxSteps: Math.min(spec.stopping.maxSteps, 30) },
    options: { ...spec.options, ...(spec.experiment === 'proca-landscape' ? { grid: 5 } : {}) },
    data: { ...spec.data, ...(needsDataset ? { dataset: 'tiny', limitMinutes: null } : {}) },
  } as ExperimentSpec
}

test('every metric and series a preset\'s run stores is in the catalogue', () => {
  const seen = new Set<string>()
  const missing = new Set<string>()
  let kinds = 0
  for (const preset of presets) {
    for (const scale of ['quick', 'paper'] as const) {
      for (const run of expandSweep(preset.build(scale))) {
        const s = run.spec
        const key = [s.experiment, s.student.kind, s.student.parameterization, s.data.loss, s.teacher.kind, s.stopping.earlyStopping ? 'early' : '', s.experiment === 'proca-mode' ? String(s.options.trainB) : '', preset.needsDataset ? 'real' : ''].join('/')
        if (seen.has(key)) continue
        seen.add(key)
        kinds++
        const result = runExperiment(tinySpec(s, preset.needsDataset ?? false), { ...testContext, dataset: preset.needsDataset ? tinyRecording() : undefined })
        for (const name of Object.keys(result.metrics)) if (!describeMetric(name)) missing.add(`metric ${name} (${preset.id})`)
        for (const name of Object.keys(result.series)) if (!describeSeries(name)) missing.add(`series ${name} (${preset.id})`)
      }
    }
  }
  assert.ok(kinds >= 12, `only ${kinds} kinds of run found among the presets`)
  assert.deepEqual([...missing], [], 'register these in src-shared/catalogue')
})

test('catalogue entries are complete, unique, and every series belongs to a chart with a title and named axes', () => {
  for (const list of [METRICS, SERIES]) {
    const names = list.map((e) => e.name)
    assert.equal(new Set(names).size, names.length, 'unique names')
    for (const entry of list) assert.ok(entry.label && entry.definition && entry.section, entry.name)
  }
  for (const entry of SERIES) {
    const chart = describeChart(entry.chart.replace('{target}', 'vel_x'))
    assert.ok(chart, `${entry.name}: chart ${entry.chart}`)
    assert.notEqual(chart.x, undefined)
  }
  assert.equal(CHARTS.length, new Set(CHARTS.map((c) => c.id)).size)
})

test('families resolve their slots: labels read as words, never a raw key', () => {
  assert.equal(describeMetric('r2_conv1d')?.label, 'test R², Conv1D')
  assert.equal(describeMetric('r2_ridge')?.better, 'higher')
  assert.equal(describeMetric('r2_lstm'), undefined, 'only the EMAMI21 models fill {model}')
  const r2 = describeSeries('test_r2_scaled_conv1d_vel_y')
  assert.deepEqual(r2?.slots, { model: 'scaled_conv1d', target: 'vel_y' })
  assert.equal(r2?.chart, 'test_r2_vel_y')
  assert.equal(describeChart('test_r2_vel_y')?.title, 'Test R² over training, vel_y')
  assert.deepEqual(describeChart('test_r2_vel_y')?.yRange, [-1, 1])
  assert.equal(metricLabel('r2_rnn.vel_x'), 'test R², RNN (vel_x)')
  assert.equal(metricLabel('bin_width'), 'bin width (s)')
  assert.equal(metricLabel('something_new'), 'something new')
  for (const name of ['error_ratio', 'ho_kalman_error', 'ho_kalman_order', 'train_fitted']) assert.ok(describeMetric(name), name)
})
