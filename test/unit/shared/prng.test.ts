import { test } from 'node:test'
import assert from 'node:assert/strict'
import { createHash } from 'node:crypto'
import { Rng } from '../../../src-shared/engine/prng'

test('the same seed and stream give the same sequence; other streams differ', () => {
  const a = new Rng(42, 'teacher')
  const b = new Rng(42, 'teacher')
  const c = new Rng(42, 'student')
  const xs = Array.from({ length: 100 }, () => a.uniform())
  assert.deepEqual(xs, Array.from({ length: 100 }, () => b.uniform()))
  assert.notDeepEqual(xs, Array.from({ length: 100 }, () => c.uniform()))
})

test('the first outputs are pinned, so a change of generator cannot pass unnoticed', () => {
  const r = new Rng(0)
  const first = [r.nextUint32(), r.nextUint32(), r.nextUint32()]
  // Recorded from this implementation; if these change, every stored result becomes irreproducible.
  assert.deepEqual(first, PINNED_SEED0)
})

test('every kind of draw, interleaved, is pinned by its digest: normals one at a time and in blocks of odd and even length, the spare between them', () => {
  const hash = createHash('sha256')
  for (const [seed, stream] of [[0, 0], [42, 'teacher'], [7, 'data'], [2 ** 31 + 5, 3]] as const) {
    const r = new Rng(seed, stream)
    const out: number[] = []
    for (let round = 0; round < 50; round++) {
      out.push(r.nextUint32(), r.uniform(), r.normal(), r.uniformIn(-2, 3), r.int(17))
      const block = new Float64Array(1 + (round % 7))
      r.fillNormal(block, 0.5 + round, round - 3)
      out.push(...block)
      out.push(r.normal())
      r.fillUniform(block, -1, 1)
      out.push(...block)
      const perm = Array.from({ length: 9 }, (_, i) => i)
      r.shuffle(perm)
      out.push(...perm)
    }
    hash.update(new Uint8Array(Float64Array.from(out).buffer))
  }
  // Recorded from the generator every stored result was drawn with; a faster implementation must keep it.
  assert.equal(hash.digest('hex'), '3090d3f7d07dd033e77edcd25ec244eff644506f1b11efbf5fc5607437633635')
})

test('uniform and normal have the right moments', () => {
  const r = new Rng(7)
  const n = 200_000
  let su = 0
  let sn = 0
  let sn2 = 0
  for (let i = 0; i < n; i++) {
    const u = r.uniform()
    assert.ok(u >= 0 && u < 1)
    su += u
    const z = r.normal()
    sn += z
    sn2 += z * z
  }
  assert.ok(Math.abs(su / n - 0.5) < 0.005, `uniform mean ${su / n}`)
  assert.ok(Math.abs(sn / n) < 0.01, `normal mean ${sn / n}`)
  assert.ok(Math.abs(sn2 / n - 1) < 0.01, `normal variance ${sn2 / n}`)
})

const PINNED_SEED0 = [3809008728, 1133695204, 53579671]
