import { test } from 'node:test'
import assert from 'node:assert/strict'
import {
  adversarialImpulse,
  adversarialLabels,
  allocSequences,
  MinibatchSampler,
  sampleSequences,
  teacherLabels,
  trainingShape,
} from '../../../../src-shared/engine/sequenceData'
import { Rng } from '../../../../src-shared/engine/prng'
import { makeTeacher } from '../../../../src-shared/teachers'
import { TeacherSpec } from '../../../../src-shared/spec/teacher'
import { DataSpec } from '../../../../src-shared/spec/data'
import { testBackend } from '../../../helpers/backends'

const teacher = (spec: unknown) => makeTeacher(TeacherSpec.parse(spec), 0, testBackend)

test('adversarial impulse: w* at j = 0, k, 2k, ... for the memoryless teacher; the teacher\'s first k values repeated', () => {
  assert.deepEqual(Array.from(adversarialImpulse(teacher({ kind: 'memoryless', weight: 2 }), 5, 12)), [2, 0, 0, 0, 0, 2, 0, 0, 0, 0, 2, 0])
  const delay = adversarialImpulse(teacher({ kind: 'delay', dim: 2 }), 3, 7)
  assert.deepEqual(Array.from(delay), [0, 1, 0, 0, 1, 0, 0])
})

test('adversarial data: length adversarialMaxLength, every step supervised; labels equal the teacher up to step k', () => {
  assert.deepEqual(trainingShape(DataSpec.parse({ length: 5, adversarial: true })), { length: 15, target: 'every' })
  assert.deepEqual(trainingShape(DataSpec.parse({ length: 5, target: 'last' })), { length: 5, target: 'last' })
  const t = teacher({ kind: 'random-stable', dim: 3 })
  const data = allocSequences(4, 15, 1, 1, 'every')
  const opts = { delay: 0, noiseSnrDb: null }
  sampleSequences(data, adversarialLabels(t, 5, 15), opts, new Rng(1))
  const clean = new Float64Array(data.y.length)
  t.respond(clean, data.x, 4, 15)
  for (let n = 0; n < 4; n++) {
    for (let s = 0; s < 5; s++) assert.ok(Math.abs(data.y[n * 15 + s] - clean[n * 15 + s]) < 1e-12)
    assert.ok(Math.abs(data.y[n * 15 + 9] - clean[n * 15 + 9]) > 1e-6, 'after step k the adversary differs')
  }
})

test('teacher labels by convolution equal the teacher\'s recurrence', () => {
  const t = teacher({ kind: 'delay', dim: 10 })
  const x = new Rng(2).fillNormal(new Float64Array(3 * 20))
  const a = new Float64Array(60)
  const b = new Float64Array(60)
  t.respond(a, x, 3, 20)
  const labels = teacherLabels(t, 20, 10)
  assert.notEqual(labels, t, 'a length-20 convolution beats a 10-state recurrence')
  labels.respond(b, x, 3, 20)
  for (let i = 0; i < 60; i++) assert.ok(Math.abs(a[i] - b[i]) < 1e-12)
})

test('last-step sequences label only the last step, with the same value as a full labelling', () => {
  const t = teacher({ kind: 'delay', dim: 10 })
  const labels = teacherLabels(t, 20, 10)
  const full = allocSequences(3, 20, 1, 1, 'every')
  const last = allocSequences(3, 20, 1, 1, 'last')
  sampleSequences(full, labels, { delay: 0, noiseSnrDb: null }, new Rng(5))
  sampleSequences(last, labels, { delay: 0, noiseSnrDb: null }, new Rng(5))
  for (let n = 0; n < 3; n++) {
    assert.ok(full.y[n * 20 + 19] !== 0)
    assert.equal(last.y[n * 20 + 19], full.y[n * 20 + 19])
    for (let s = 0; s < 19; s++) assert.equal(last.y[n * 20 + s], 0, 'unsupervised steps are not computed')
  }
})

test('delay shifts labels by τ steps; noise has the SNR asked for', () => {
  const t = teacher({ kind: 'memoryless', weight: 1 })
  const data = allocSequences(2000, 10, 1, 1, 'every')
  sampleSequences(data, t, { delay: 3, noiseSnrDb: null }, new Rng(3))
  for (let n = 0; n < 5; n++) {
    for (let s = 0; s < 10; s++) assert.equal(data.y[n * 10 + s], s >= 3 ? data.x[n * 10 + s - 3] : 0)
  }
  sampleSequences(data, t, { delay: 0, noiseSnrDb: 20 }, new Rng(4))
  let signal = 0
  let noise = 0
  for (let i = 0; i < data.y.length; i++) {
    signal += data.x[i] ** 2
    noise += (data.y[i] - data.x[i]) ** 2
  }
  // 20 dB: noise power a hundredth of the signal's (20,000 draws: ±3% relative).
  assert.ok(Math.abs(signal / noise / 100 - 1) < 0.03, `SNR ratio ${signal / noise}`)
})

test('minibatches visit every sequence once per epoch, deterministically', () => {
  const src = allocSequences(10, 2, 1, 1, 'last')
  for (let n = 0; n < 10; n++) src.x[n * 2] = n
  const seen = (seed: number) => {
    const sampler = new MinibatchSampler(src, 5, new Rng(seed))
    const out: number[] = []
    for (let b = 0; b < 2; b++) {
      const batch = sampler.next()
      for (let i = 0; i < 5; i++) out.push(batch.x[i * 2])
    }
    return out
  }
  assert.deepEqual([...seen(1)].sort((a, b) => a - b), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9])
  assert.deepEqual(seen(1), seen(1))
})
