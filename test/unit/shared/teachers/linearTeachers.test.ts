import { test } from 'node:test'
import assert from 'node:assert/strict'
import { makeTeacher } from '../../../../src-shared/teachers'
import { TeacherSpec } from '../../../../src-shared/spec/teacher'
import { spectralRadius } from '../../../../src-shared/engine/linalg'
import { denseImpulse, LinearTeacher } from '../../../../src-shared/teachers/linearTeacher'
import { Rng } from '../../../../src-shared/engine/prng'
import { iclr23BalancedTeacher } from '../../../../src-shared/teachers/linearTeachers'
import { testBackend } from '../../../helpers/backends'

const teacher = (spec: unknown, seed = 0) => makeTeacher(TeacherSpec.parse(spec), seed, testBackend) as LinearTeacher

test('memoryless teacher: h_0 = w*, zero after', () => {
  assert.deepEqual(Array.from(teacher({ kind: 'memoryless', weight: 2.5 }).impulse(4)), [2.5, 0, 0, 0])
})

test('delay teacher: h_j = 1 only at j = d − 1', () => {
  for (const dim of [1, 4, 10]) {
    const h = teacher({ kind: 'delay', dim }).impulse(3 * dim)
    h.forEach((v, j) => assert.equal(v, j === dim - 1 ? 1 : 0, `dim ${dim}, j ${j}`))
  }
})

test('iclr23-balanced teacher: diagonal A with eigenvalues in range, B = Cᵀ, C B = 1', () => {
  for (const spacing of ['random', 'even'] as const) {
    const t = teacher({ kind: 'iclr23-balanced', dim: 5, spacing }, 3)
    const { A, B, C, dim } = t.system
    assert.ok(Math.abs(t.impulse(1)[0] - 1) < 1e-14, 'C B = h_0 = 1')
    for (let i = 0; i < dim; i++) {
      assert.equal(B[i], C[i])
      assert.ok(A[i * dim + i] >= 0.6 && A[i * dim + i] <= 1.05)
      for (let j = 0; j < dim; j++) if (i !== j) assert.equal(A[i * dim + j], 0)
    }
  }
  const even = teacher({ kind: 'iclr23-balanced', dim: 5, spacing: 'even' }).system
  assert.deepEqual([0, 6, 12, 18, 24].map((i) => +even.A[i].toFixed(12)), [0.6, 0.7125, 0.825, 0.9375, 1.05])
})

test('iclr23-balanced teacher: the draw is half-open, so eigMax = 1 never gives an eigenvalue of 1', () => {
  // A generator whose uniform draw rounds up to the upper end (lo + (hi − lo) u can round to hi in floating point).
  const roundsUp = { uniformIn: (_lo: number, hi: number) => hi, fillNormal: (out: Float64Array) => out.fill(1) } as unknown as Rng
  const spec = TeacherSpec.parse({ kind: 'iclr23-balanced', dim: 3, eigMax: 1 })
  const { A } = iclr23BalancedTeacher(spec as Extract<TeacherSpec, { kind: 'iclr23-balanced' }>, roundsUp)
  for (const i of [0, 4, 8]) assert.ok(A[i] < 1 && A[i] > 1 - 1e-15, `eigenvalue ${A[i]}`)
  // Over many seeded teachers the stable arm's eigenvalues stay in [0.6, 1).
  for (let seed = 0; seed < 50; seed++) {
    const { system } = teacher({ kind: 'iclr23-balanced', dim: 5, eigMax: 1 }, seed)
    for (let i = 0; i < 5; i++) assert.ok(system.A[i * 6] >= 0.6 && system.A[i * 6] < 1)
  }
})

test('random-stable teacher: spectral radius as asked, first normalizeSteps values of unit norm', () => {
  const t = teacher({ kind: 'random-stable', dim: 3, spectralRadius: 0.9, normalizeSteps: 5, inputs: 2, outputs: 2 }, 7)
  assert.ok(Math.abs(spectralRadius(t.system.A, 3) - 0.9) < 1e-12)
  const h = t.impulse(5)
  let s = 0
  for (const v of h) s += v * v
  assert.ok(Math.abs(s - 1) < 1e-12)
})

test('unbalanced teacher: upper bidiagonal A, B = e_d, C = e_1ᵀ', () => {
  const { A, B, C, dim } = teacher({ kind: 'unbalanced', dim: 5 }).system
  for (let i = 0; i < dim; i++) for (let j = 0; j < dim; j++) if (j !== i && j !== i + 1) assert.equal(A[i * dim + j], 0)
  assert.deepEqual(Array.from(B), [0, 0, 0, 0, 1])
  assert.deepEqual(Array.from(C), [1, 0, 0, 0, 0])
})

test('emami21 teacher: variances ν_C ν_F ν_W^j of h_j under width scaling (Thm. 3.3a, over many draws)', () => {
  // Var h_0 = ν_C ν_F (n^{-1/2} C with Var ν_C, summed over n units); Var h_1 = ν_C ν_F ν_W.
  let s0 = 0
  let s1 = 0
  const draws = 4000
  for (let seed = 0; seed < draws; seed++) {
    const h = teacher({ kind: 'emami21', dim: 4, nuW: 0.3, nuF: 1, nuC: 2 }, seed).impulse(2)
    s0 += h[0] ** 2
    s1 += h[1] ** 2
  }
  assert.ok(Math.abs(s0 / draws - 2) < 0.15, `Var h_0 ${s0 / draws}`)
  assert.ok(Math.abs(s1 / draws - 0.6) < 0.06, `Var h_1 ${s1 / draws}`)
})

test('explicit teacher: respond agrees with the impulse response; bad shapes name the field', () => {
  const t = teacher({ kind: 'explicit', A: [[0.5, 0.1], [0, -0.3]], B: [[1], [2]], C: [[1, -1]] })
  const x = new Rng(1).fillNormal(new Float64Array(6))
  const y = new Float64Array(6)
  t.respond(y, x, 1, 6)
  const h = t.impulse(6)
  for (let s = 0; s < 6; s++) {
    let v = 0
    for (let j = 0; j <= s; j++) v += h[j] * x[s - j]
    assert.ok(Math.abs(v - y[s]) < 1e-14)
  }
  assert.throws(() => teacher({ kind: 'explicit', A: [[1, 0]], B: [[1]], C: [[1]] }), /teacher\.A: expected a square matrix/)
})

test('teacher seeds: spec.seed overrides the run seed; kinds without a linear teacher say so', () => {
  const a = teacher({ kind: 'iclr23-balanced', seed: 5 }, 0).impulse(10)
  const b = teacher({ kind: 'iclr23-balanced', seed: 5 }, 1).impulse(10)
  const c = teacher({ kind: 'iclr23-balanced' }, 1).impulse(10)
  assert.deepEqual(a, b)
  assert.notDeepEqual(a, c)
  assert.throws(() => teacher({ kind: 'none' }), /teacher\.kind: "none" is not a teacher model/)
})

test('denseImpulse carries whichever side is narrower; both agree (h_j of the transposed system is h_jᵀ)', () => {
  const rng = new Rng(9)
  const d = 4
  const sys = { dim: d, inputs: 3, outputs: 2, A: rng.fillNormal(new Float64Array(d * d), 0.5), B: rng.fillNormal(new Float64Array(d * 3)), C: rng.fillNormal(new Float64Array(2 * d)) }
  const t = (a: Float64Array, m: number, n: number) => Float64Array.from({ length: m * n }, (_, e) => a[(e % m) * n + Math.floor(e / m)])
  const dual = { dim: d, inputs: 2, outputs: 3, A: t(sys.A, d, d), B: t(sys.C, 2, d), C: t(sys.B, d, 3) }
  const h = denseImpulse(sys, 6) // left carry (n_y < n_x)
  const g = denseImpulse(dual, 6) // right carry
  for (let j = 0; j < 6; j++) {
    for (let o = 0; o < 2; o++) for (let i = 0; i < 3; i++) assert.ok(Math.abs(h[j * 6 + o * 3 + i] - g[j * 6 + i * 2 + o]) < 1e-12)
  }
  // And the recurrence agrees with the convolution by h for this MIMO system.
  const x = rng.fillNormal(new Float64Array(2 * 6 * 3))
  const y = new Float64Array(2 * 6 * 2)
  new LinearTeacher(sys, 'test').respond(y, x, 2, 6)
  for (let n = 0; n < 2; n++) {
    for (let s = 0; s < 6; s++) {
      for (let o = 0; o < 2; o++) {
        let v = 0
        for (let j = 0; j <= s; j++) for (let i = 0; i < 3; i++) v += h[j * 6 + o * 3 + i] * x[(n * 6 + s - j) * 3 + i]
        assert.ok(Math.abs(v - y[(n * 6 + s) * 2 + o]) < 1e-12)
      }
    }
  }
})

test('denseImpulse of a diagonal A (its O(H d) path) gives the bits of the dense recurrence, zero and negative modes included', () => {
  const rng = new Rng(4)
  const d = 7
  const a = Float64Array.from([0.9, -0.7, 0, 1.02, -0, 0.31, -1e-3])
  for (const [nx, ny] of [[1, 1], [3, 2], [2, 3]]) {
    const sys = { dim: d, inputs: nx, outputs: ny, A: new Float64Array(d * d), B: rng.fillNormal(new Float64Array(d * nx)), C: rng.fillNormal(new Float64Array(ny * d)) }
    a.forEach((v, s) => (sys.A[s * d + s] = v))
    // the dense recurrence by hand, in the order the general path sums: carry A^j B (or C A^j) one product a lag
    const H = 9
    const expected = new Float64Array(H * ny * nx)
    const right = nx <= ny
    const carry = Float64Array.from(right ? sys.B : sys.C)
    for (let j = 0; j < H; j++) {
      for (let o = 0; o < ny; o++) {
        for (let i = 0; i < nx; i++) {
          let acc = 0
          for (let s = 0; s < d; s++) acc += right ? sys.C[o * d + s] * carry[s * nx + i] : carry[o * d + s] * sys.B[s * nx + i]
          expected[(j * ny + o) * nx + i] = acc
        }
      }
      for (let s = 0; s < d; s++) {
        for (let c = 0; c < (right ? nx : ny); c++) {
          const at = right ? s * nx + c : c * d + s
          carry[at] = a[s] === 0 ? 0 : 0 + a[s] * carry[at]
        }
      }
    }
    assert.deepStrictEqual(denseImpulse(sys, H), expected, `n_x ${nx}, n_y ${ny}`)
    // one off-diagonal entry takes the general path, which must agree to rounding
    const coupled = { ...sys, A: Float64Array.from(sys.A) }
    coupled.A[1] = 1e-300
    const general = denseImpulse(coupled, H)
    expected.forEach((v, e) => assert.ok(Math.abs(general[e] - v) <= 1e-12 * (1 + Math.abs(v))))
  }
})
