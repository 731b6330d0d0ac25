// Cross-field rules: a sweep a procedure would refuse after launch is refused by the one sweep check, naming the field.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { checkSweep, validSweep } from '../../../../src-shared/spec/sweep'
import { SpecError } from '../../../../src-shared/spec/experiment'

test('a GRU student on the default population loss is refused before launch at data.loss', () => {
  const check = checkSweep({ base: { student: { kind: 'gru', width: 8 } }, axes: [{ path: 'data.length', values: [4, 8] }], seeds: [0, 1] })
  assert.equal(check.runs.length, 0)
  assert.equal(check.issues.length, 1)
  assert.equal(check.issues[0].path, 'data.loss')
  assert.match(check.issues[0].message, /gated students \(gru\) train on sampled sequences; set data.loss = "empirical"/)
  assert.equal(check.issues[0].run, 'run (data.length=4, seed=0)')
  assert.throws(() => validSweep({ base: { student: { kind: 'lstm' } } }), (e: Error) => e instanceof SpecError && /data\.loss: gated students \(lstm\)/.test(e.message))
  // the same student on sampled sequences plans its runs
  assert.equal(checkSweep({ base: { student: { kind: 'gru', width: 8 }, data: { loss: 'empirical' } }, seeds: [0, 1] }).runs.length, 2)
})

test('a rule broken by one axis value names that run only', () => {
  const check = checkSweep({ base: { data: { loss: 'empirical' } }, axes: [{ path: 'student.kind', values: ['linear', 'gru'] }, { path: 'data.loss', values: ['empirical', 'population'] }] })
  assert.equal(check.issues[0].path, 'data.loss')
  assert.equal(check.issues[0].run, 'run (student.kind="gru", data.loss="population", seed=0)')
})

test('PROCA procedures need a sequence teacher and plain gradient descent', () => {
  const teacher = checkSweep({ base: { experiment: 'proca-mode', optimizer: { kind: 'gd' } } })
  assert.deepEqual(teacher.issues.map((i) => i.path), ['teacher.kind'])
  const optimizer = checkSweep({ base: { experiment: 'proca-mode', teacher: { kind: 'sequence', shape: 'constant', base: 0.7 }, optimizer: { kind: 'adam' } } })
  assert.deepEqual(optimizer.issues.map((i) => i.path), ['optimizer.kind'])
})
