// LabService through the same dispatch IPC and HTTP use: payload validation, teacher previews, the sweep lifecycle
// (launch → events → runs → compare → export → re-run), cancel/resume, and the dataset wizard. Real SQLite, real workers.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { createLabFixture, type LabFixture } from '../../helpers/labFixture'
import { LabRequestError } from '../../../src-main/lab/dispatch'

let lab: LabFixture
before(() => {
  lab = createLabFixture(1)
})
after(() => lab.close())

/** A sweep small enough for a test: balanced diagonal student, 2 lengths × 2 seeds. */
const quickSweep = {
  title: 'app test',
  base: {
    teacher: { kind: 'iclr23-balanced', dim: 2, seed: 7 },
    student: { width: 6, parameterization: 'diagonal', balanced: true },
    stopping: { maxSteps: 300 },
    metrics: { horizon: 24 },
  },
  axes: [{ path: 'data.length', values: [2, 6] }],
  seeds: [0, 1],
}

test('requests are validated before the service sees them; errors name the method and field', async () => {
  await assert.rejects(lab.call('nope' as never, {} as never), (e: Error) => e instanceof LabRequestError && /unknown method "nope"/.test(e.message))
  await assert.rejects(lab.call('listRuns', { limit: 5000 }), /listRuns: limit: /)
  await assert.rejects(lab.call('planSweep', { sweep: { seeds: [] } }), /planSweep: sweep\.seeds: /)
  await assert.rejects(lab.call('saveTeacher', { name: 'x', teacher: { kind: 'delay' } } as never), /saveTeacher: teacher\.dim: /)
  // A spec that parses as a sweep but not as a run names the run and the field.
  await assert.rejects(lab.call('planSweep', { sweep: { base: { student: { width: 0 } } } }), /student\.width/)
})

test('teacher previews: impulse response, eigenvalues and the Hankel effective dimension', async () => {
  const memoryless = await lab.call('previewTeacher', { teacher: { kind: 'memoryless', weight: 2 }, horizon: 6 })
  assert.deepEqual(memoryless.impulse, [2, 0, 0, 0, 0, 0])
  assert.equal(memoryless.effectiveDim, 1)

  // Delay teacher of dimension 4: h_j = 1 at j = 3 only; its Hankel matrix has rank 4.
  const delay = await lab.call('previewTeacher', { teacher: { kind: 'delay', dim: 4 }, horizon: 12 })
  assert.deepEqual(delay.impulse!.slice(0, 5), [0, 0, 0, 1, 0])
  assert.equal(delay.effectiveDim, 4)
  assert.ok(delay.eigenvalues.every((e) => Math.hypot(e.re, e.im) < 1e-6), 'a nilpotent shift has only zero eigenvalues')

  // The designer's modal form: a pair 0.5 ± 0.5i (weight 1) and a real pole 0.9 (weight 2): h_j = Re(z^j) + 2·0.9^j.
  const A = [[0.5, -0.5, 0], [0.5, 0.5, 0], [0, 0, 0.9]]
  const poles = await lab.call('previewTeacher', { teacher: { kind: 'explicit', A, B: [[1], [0], [1]], C: [[1, 0, 2]] }, horizon: 10 })
  const z3 = { re: 0.5 ** 3 - 3 * 0.5 * 0.5 ** 2, im: 0 }
  assert.ok(Math.abs(poles.impulse![3] - (z3.re + 2 * 0.9 ** 3)) < 1e-12)
  const radii = poles.eigenvalues.map((e) => Math.hypot(e.re, e.im)).sort()
  assert.ok(Math.abs(radii[0] - Math.SQRT1_2) < 1e-12 && Math.abs(radii[2] - 0.9) < 1e-12)
  assert.equal(poles.effectiveDim, 3)
  assert.deepEqual(poles.matrices!.A, A)

  const unstable = await lab.call('previewTeacher', { teacher: { kind: 'explicit', A: [[1.05]], B: [[1]], C: [[1]] }, horizon: 10 })
  assert.ok(unstable.warnings.some((w) => /does not decay/.test(w)))
})

test('saved teachers: save, overwrite by name, list, delete', async () => {
  await lab.call('saveTeacher', { name: 'pair', teacher: { kind: 'delay', dim: 3 } })
  await lab.call('saveTeacher', { name: 'pair', teacher: { kind: 'delay', dim: 5 } })
  await lab.call('saveTeacher', { name: 'mem', teacher: { kind: 'memoryless', weight: 1 } })
  const list = await lab.call('listTeachers', {})
  assert.deepEqual(list.map((t) => t.name), ['mem', 'pair'])
  assert.deepEqual(list[1].teacher, { kind: 'delay', dim: 5 })
  assert.deepEqual(await lab.call('deleteTeacher', { name: 'mem' }), { deleted: true })
  assert.deepEqual((await lab.call('listTeachers', {})).map((t) => t.name), ['pair'])
})

test('a sweep from plan to export: counts, events, paging, filter, detail, compare, CSV, re-run', async () => {
  const plan = await lab.call('planSweep', { sweep: quickSweep })
  assert.equal(plan.runs, 4)
  assert.ok(plan.estimatedSeconds > 0 && plan.perRunSeconds > 0)
  assert.deepEqual(plan.axes, [{ name: 'data.length', values: [2, 6] }])

  const launched = await lab.call('launchSweep', { sweep: quickSweep })
  assert.equal(launched.total, 4)
  assert.deepEqual(launched.params, ['data.length', 'seed'])
  const summary = await lab.scheduler.waitForSweep(launched.id)
  assert.equal(summary.counts.done, 4, JSON.stringify(summary))

  const finished = lab.events.filter((e) => e.type === 'run-finished' && e.sweepId === launched.id)
  assert.equal(finished.length, 4)
  assert.ok(lab.events.some((e) => e.type === 'sweep-finished' && e.sweepId === launched.id && e.counts.done === 4))
  assert.ok(lab.events.some((e) => e.type === 'sweep-changed' && e.sweepId === launched.id))

  const page1 = await lab.call('listRuns', { sweepId: launched.id, limit: 3 })
  const page2 = await lab.call('listRuns', { sweepId: launched.id, limit: 3, offset: 3 })
  assert.equal(page1.total, 4)
  assert.deepEqual([page1.rows.length, page2.rows.length], [3, 1])
  assert.ok(page1.rows.every((r) => r.status === 'done' && r.progress === 1))
  const filtered = await lab.call('listRuns', { sweepId: launched.id, query: 'data.length=6' })
  assert.deepEqual(filtered.rows.map((r) => r.params['data.length']), [6, 6])

  const detail = await lab.call('getRun', { runId: page1.rows[0].id })
  assert.equal(detail.spec.student.width, 6)
  assert.equal(typeof detail.result!.metrics.extrapolation_error, 'number')
  assert.ok(detail.result!.series.impulse_student && detail.result!.series.loss_curve)
  assert.equal(detail.teacherEigenvalues!.length, 2)

  const compare = await lab.call('compare', { sweepId: launched.id, groupBy: 'data.length', metrics: ['extrapolation_error'], heatmap: { x: 'data.length', y: 'seed', metric: 'final_loss' } })
  const points = compare.groups!.lines[0].points
  assert.deepEqual(points.map((p) => [p.value, p.n]), [[2, 2], [6, 2]])
  for (const point of points) {
    const values = compare.runs.filter((r) => r.params['data.length'] === point.value).map((r) => compare.values[r.id].extrapolation_error as number)
    const mean = (values[0] + values[1]) / 2
    assert.ok(Math.abs(point.mean - mean) < 1e-12)
    assert.ok(Math.abs(point.std - Math.abs(values[0] - values[1]) / 2) < 1e-12)
  }
  assert.deepEqual(compare.diff.map((d) => d.path), ['data.length', 'seed'])
  assert.equal(compare.curves.length, 4)
  assert.ok(compare.curveNames.includes('loss_curve'))

  const csv = await lab.call('exportSweep', { sweepId: launched.id, format: 'csv' })
  const lines = csv.content.trim().split('\n')
  assert.equal(lines.length, 5)
  assert.ok(/data\.length/.test(lines[0]) && /extrapolation_error/.test(lines[0]), lines[0])
  const json = JSON.parse((await lab.call('exportSweep', { sweepId: launched.id, format: 'json' })).content)
  assert.equal(json.runs.length, 4)

  const rerun = await lab.call('rerun', { runId: page1.rows[0].id, changes: { 'data.length': 3 } })
  await lab.scheduler.waitForSweep(rerun.id)
  const [again] = (await lab.call('listRuns', { sweepId: rerun.id })).rows
  assert.equal(again.status, 'done')
  assert.equal((await lab.call('getRun', { runId: again.id })).spec.data.length, 3)
  await assert.rejects(lab.call('getRun', { runId: 'r-missing' }), /no run r-missing in this store/)
})

test('cancel stops a sweep and resume queues its runs again', async () => {
  const long = { ...quickSweep, title: 'long', base: { ...quickSweep.base, stopping: { maxSteps: 5_000_000 } }, axes: [], seeds: [0, 1] }
  const launched = await lab.call('launchSweep', { sweep: long })
  const cancelled = await lab.call('cancelSweep', { sweepId: launched.id })
  assert.equal(cancelled.counts.cancelled, 2, JSON.stringify(cancelled.counts))
  const resumed = await lab.call('resumeSweep', { sweepId: launched.id })
  assert.equal(resumed.counts.cancelled, 0)
  assert.equal(resumed.counts.queued + resumed.counts.running, 2)
  await lab.call('cancelSweep', { sweepId: launched.id })
})

test('dataset wizard: preview detects roles without importing, import lands once, bad cells are named', async () => {
  const rows = Array.from({ length: 40 }, (_, i) => `${(i * 0.01).toFixed(2)},${i % 3},${(i * 7) % 5},${Math.sin(i).toFixed(4)}`)
  const content = `time,n1,n2,vel_x\n${rows.join('\n')}\n`
  const preview = await lab.call('previewDataset', { fileName: 'tiny.csv', content })
  assert.deepEqual(preview.columns.map((c) => c.role), ['time', 'neuron', 'neuron', 'behavior'])
  assert.equal(preview.rows, 40)
  assert.ok(Math.abs(preview.binWidth - 0.01) < 1e-9)
  assert.deepEqual(preview.columns[1].sample, [0, 1, 2, 0, 1])
  assert.deepEqual(await lab.call('listDatasets', {}), [])

  const edited = await lab.call('previewDataset', { fileName: 'tiny.csv', content, roles: { time: 'time', n1: 'neuron', n2: 'ignore', vel_x: 'behavior' } })
  assert.equal(edited.columns[2].role, 'ignore')

  const info = await lab.call('importDataset', { fileName: 'tiny.csv', name: 'tiny', content })
  assert.deepEqual([info.name, info.rows, info.neurons, info.behavior], ['tiny', 40, 2, ['vel_x']])
  assert.deepEqual((await lab.call('listDatasets', {})).map((d) => d.id), [info.id])

  // The preview lists bad cells (so a column can be ignored); the import refuses them, naming the place.
  const bad = 'time,n1,vel_x\n0,1,0.5\n0.01,abc,-0.5\n'
  const badPreview = await lab.call('previewDataset', { fileName: 'bad.csv', content: bad })
  assert.deepEqual(badPreview.problems, [{ line: 3, column: 'n1', message: '"abc" is not a number' }])
  await assert.rejects(lab.call('importDataset', { fileName: 'bad.csv', name: 'bad', content: bad }), /bad\.csv line 3, column "n1": "abc" is not a number/)
})

test('cluster actions: export a stored sweep as a Slurm job, read its status, merge what finished', async () => {
  const { existsSync } = await import('node:fs')
  const { join } = await import('node:path')
  const launched = await lab.call('launchSweep', { sweep: { ...quickSweep, title: 'cluster' } })
  await lab.scheduler.waitForSweep(launched.id)
  await assert.rejects(lab.call('exportToCluster', { sweepId: launched.id, name: 'job', time: '2 hours' }), /exportToCluster: time: expected \[D-\]HH:MM:SS/)
  const job = await lab.call('exportToCluster', { sweepId: launched.id, name: 'job', chunk: 2, partition: 'short', account: 'lab_1', time: '00:10:00' })
  assert.deepEqual([job.runs, job.tasks, job.submittedJobId], [4, 2, null])
  assert.equal(job.dir, join(lab.store.dataDir, 'cluster-jobs', 'job'), 'jobs live under the store, by name')
  assert.ok(existsSync(job.script))
  const status = await lab.call('clusterJobStatus', { name: 'job' })
  assert.equal(status.tasks, 2)
  assert.deepEqual(status.finished, [])
  assert.equal(status.pending.length, 2)
  const merged = await lab.call('mergeClusterJob', { name: 'job' })
  assert.equal(merged.imported, 0)
  assert.equal(merged.missing.length, 2, 'no task has run: both are reported missing and their runs stay queued')
  assert.ok(lab.events.some((e) => e.type === 'sweep-changed' && e.sweepId === merged.sweepId))
  await assert.rejects(lab.call('mergeClusterJob', { name: 'never-exported' }), /not a Slurm job directory/)
})
