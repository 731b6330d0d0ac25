// The Sweep builder's, Teacher designer's and Datasets view's state in the URL: round trips, what is left out, refusals.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import {
  applySpecChanges, applySweepRequest, BLANK_SWEEP, datasetsFromParams, datasetsToParams, DEFAULT_HORIZON, specChanges,
  sweepFromParams, sweepToParams, teacherFromParams, teacherToParams, type SweepUrlRequest,
} from '../../../src-renderer/util/editorState'
import { TeacherSpec } from '../../../src-shared/spec/teacher'
import { polesToTeacher } from '../../../src-renderer/util/poles'

const presetSweep = {
  title: 'ICLR23 Fig. 1a',
  base: { teacher: { kind: 'iclr23-balanced', dim: 3 }, student: { kind: 'linear', width: 20, init: { kind: 'gaussian', scale: 0.01 } }, optimizer: { kind: 'adam', lr: 0.001 }, metrics: { 'r2.vel_x': 1 } },
  axes: [{ path: 'data.length', values: [2, 4, 8] }],
  seeds: [0, 1, 2],
}

test('spec changes: set and removed paths turn the reference into the draft, for additions, removals and replacements', () => {
  const drafts = [
    presetSweep.base,
    { ...presetSweep.base, optimizer: { kind: 'adam', lr: 0.01 } },
    { ...presetSweep.base, data: { length: 12, dataset: null } },
    { teacher: { kind: 'delay' }, student: { kind: 'gru' } },
    { ...presetSweep.base, student: {}, teacher: [1, 2] },
    { ...presetSweep.base, metrics: { 'r2.vel_x': 2, other: 1 } },
    {},
  ]
  for (const draft of drafts) assert.deepEqual(applySpecChanges(presetSweep.base, specChanges(presetSweep.base, draft)), draft, JSON.stringify(draft))
  assert.deepEqual(specChanges(presetSweep.base, { ...presetSweep.base, optimizer: { kind: 'adam', lr: 0.01 } }), { set: { 'optimizer.lr': 0.01 }, unset: [] })
})

test('a preset sweep as it loaded is its id and scale only; changes are written as the differences and read back', () => {
  assert.deepEqual(sweepToParams({ preset: 'iclr23-fig1a', scale: 'quick', sweep: presetSweep }, presetSweep), { preset: 'iclr23-fig1a' })
  assert.deepEqual(sweepToParams({ preset: '', scale: 'quick', sweep: BLANK_SWEEP }, BLANK_SWEEP), {})
  const edited = { title: 'lr 0.01, 5 seeds', base: { ...presetSweep.base, optimizer: { kind: 'adam', lr: 0.01 } }, axes: [{ path: 'data.length', values: [2, 16] }], seeds: [0, 1, 2, 3, 4] }
  const params = sweepToParams({ preset: 'iclr23-fig1a', scale: 'paper', sweep: edited }, presetSweep)
  assert.deepEqual(params, { preset: 'iclr23-fig1a', scale: 'paper', title: 'lr 0.01, 5 seeds', set: '{"optimizer.lr":0.01}', axes: '[{"path":"data.length","values":[2,16]}]', seeds: '5' })
  const request = sweepFromParams(params) as SweepUrlRequest
  assert.equal(request.preset, 'iclr23-fig1a')
  assert.equal(request.scale, 'paper')
  assert.deepEqual(applySweepRequest(presetSweep, request), edited)
  const blankEdited = { ...BLANK_SWEEP, base: { student: { width: 7 } } }
  assert.deepEqual(applySweepRequest(BLANK_SWEEP, sweepFromParams(sweepToParams({ preset: '', scale: 'quick', sweep: blankEdited }, BLANK_SWEEP)) as SweepUrlRequest), blankEdited)
})

test('a sweep link that cannot be read names its parameter', () => {
  const message = (params: Record<string, string>) => (sweepFromParams(params) as Error).message
  assert.match(message({ scale: 'huge' }), /^scale: unknown scale "huge"/)
  assert.match(message({ set: '{"a":' }), /^set: /)
  assert.match(message({ set: '[1]' }), /^set: expected an object/)
  assert.match(message({ axes: '[{"path":"x"}]' }), /^axes: expected a list of axes/)
  assert.match(message({ seeds: '0' }), /^seeds: expected a count from 1 to 1000, got "0"/)
  assert.match(message({ set: '['.repeat(100) }), /^set: JSON nested more than 64 levels deep/)
})

test('a teacher is its kind and the fields that differ from the kind\'s defaults; a designed one is its poles', () => {
  const delay = TeacherSpec.parse({ kind: 'delay', dim: 10 })
  assert.deepEqual(teacherToParams({ spec: TeacherSpec.parse({ kind: 'iclr23-balanced' }), horizon: DEFAULT_HORIZON, poles: null }), { kind: 'iclr23-balanced' })
  const params = teacherToParams({ spec: delay, horizon: 80, poles: null })
  assert.equal(params.kind, 'delay')
  assert.equal(params.h, '80')
  assert.deepEqual(teacherFromParams(params), { spec: delay, horizon: 80, poles: null })
  const random = TeacherSpec.parse({ kind: 'random-stable', dim: 5, seed: 9 })
  assert.deepEqual(teacherFromParams(teacherToParams({ spec: random, horizon: 60, poles: null })), { spec: random, horizon: 60, poles: null })
  const poles = [{ re: 0.9, im: 0, weight: 0.6 }, { re: 0.5, im: 0.5, weight: 0.4 }]
  const designed = teacherToParams({ spec: polesToTeacher(poles), horizon: 60, poles })
  assert.deepEqual(designed, { kind: 'explicit', poles: '0.9:0:0.6,0.5:0.5:0.4' })
  assert.deepEqual(teacherFromParams(designed), { spec: polesToTeacher(poles), horizon: 60, poles })
  // Explicit matrices typed by hand go as JSON.
  const matrices = TeacherSpec.parse({ kind: 'explicit', A: [[0.5]], B: [[1]], C: [[2]] })
  assert.deepEqual((teacherFromParams(teacherToParams({ spec: matrices, horizon: 60, poles: null })) as { spec: unknown }).spec, matrices)
})

test('a teacher link with a bad field names it', () => {
  assert.match((teacherFromParams({ kind: 'delay', dim: '-3' }) as Error).message, /^dim: /)
  assert.match((teacherFromParams({ kind: 'nonsense' }) as Error).message, /^kind: /)
  assert.match((teacherFromParams({ kind: 'explicit', poles: '0.9:0' }) as Error).message, /^poles: expected re:im:weight/)
  assert.match((teacherFromParams({ kind: 'delay', h: '1' }) as Error).message, /^h: expected a horizon/)
})

test('datasets: the opened dataset is the only parameter', () => {
  assert.deepEqual(datasetsToParams(null), {})
  assert.equal(datasetsFromParams(datasetsToParams('d3')), 'd3')
  assert.equal(datasetsFromParams({}), null)
})
