import { test } from 'node:test'
import assert from 'node:assert/strict'
import { applyOverrides, checkSweep, expandSweep, getPath, setPath, validSweep } from '../../../../src-shared/spec/sweep'
import { buildPreset, ExperimentSpec, parseExperimentSpec, presetScales, SpecError } from '../../../../src-shared/spec/experiment'
import { formatIssues, pathIssue } from '../../../../src-shared/spec/issues'
import { LIMITS } from '../../../../src-shared/spec/limits'
import { estimateRunMemory } from '../../../../src-shared/analysis/memory'
import { presets } from '../../../../src-shared/presets'
import { Rng } from '../../../../src-shared/engine/prng'

const messageOf = (input: unknown, options = {}) => {
  const check = checkSweep(input, options)
  return check.issues.length ? formatIssues(check.issues, 'spec') : null
}

test('an unknown field anywhere is refused, naming its path and the nearest valid one', () => {
  assert.equal(messageOf({ base: { data: { lenght: 3 } } }), 'spec: base.data.lenght: unknown field; did you mean data.length?')
  assert.equal(messageOf({ base: { student: { widht: 3 } } }), 'spec: base.student.widht: unknown field; did you mean student.width?')
  assert.match(messageOf({ base: { student: { bogus: 1 } } })!, /base\.student\.bogus: unknown field \(student has kind, width/)
  assert.match(messageOf({ bsae: {} })!, /bsae: unknown field; did you mean base\?/)
  assert.match(messageOf({ base: { experiment: 'proca-landscape', options: { gird: 3 } } })!, /base\.options\.gird: .*did you mean options\.grid\?/)
  assert.match(messageOf({ base: { teacher: { kind: 'memoryless', dim: 3 } } })!, /teacher\.dim: not a field of teacher with kind "memoryless"/)
  assert.match(messageOf({ base: {}, axes: [{ path: 'data.lenght', values: [2, 4] }] })!, /axes\.0\.path: data\.lenght: unknown field; did you mean data\.length\?/)
  assert.match(messageOf({ axes: [{ name: 'v', variants: [{ label: 'a', set: { 'student.kinds': 'gru' } }] }] })!, /set\.student\.kinds: .*did you mean student\.kind\?/)
  assert.throws(() => parseExperimentSpec({ optimizer: { kind: 'adam', betta1: 0.9 } }), /optimizer\.betta1: unknown field; did you mean optimizer\.beta1\?/)
})

test('--set paths are checked like a spec; seed sets one seed and seeds the list', () => {
  assert.throws(() => applyOverrides({}, { 'student.widht': 10 }), /--set: student\.widht: unknown field; did you mean student\.width\?/)
  assert.throws(() => applyOverrides({}, { 'student.bogus': 1 }), /student\.bogus: unknown field/)
  assert.deepEqual(applyOverrides({ seeds: [0, 1, 2] }, { seed: 42 }).seeds, [42])
  assert.equal(expandSweep(applyOverrides({}, { seed: 42 })).length, 1)
  assert.deepEqual(applyOverrides({}, { seeds: [3, 4] }).seeds, [3, 4])
  assert.throws(() => applyOverrides({}, { seed: 'x' }), /--set: seeds\.0/)
})

test('prototype keys are refused wherever a path is set, and nothing reaches Object.prototype', () => {
  for (const path of ['__proto__.status', 'constructor.prototype.status', 'student.__proto__.polluted', 'prototype']) {
    assert.throws(() => setPath({}, path, 500), SpecError, path)
    assert.throws(() => applyOverrides({}, { [path]: 500 }), /not allowed in a spec path/, path)
    assert.match(messageOf({ axes: [{ path, values: [1] }] })!, /not allowed/, path)
  }
  assert.match(messageOf(JSON.parse('{"base": {"data": {"__proto__": {"status": 1}}}}'))!, /base\.data\.__proto__: "__proto__" is not allowed/)
  assert.equal(getPath({}, '__proto__'), undefined)
  assert.equal(getPath({}, 'constructor'), undefined, 'inherited fields are not read')
  assert.equal(({} as Record<string, unknown>).status, undefined)
  assert.equal(({} as Record<string, unknown>).polluted, undefined)
})

test('sizes beyond the stated limits are refused naming the field and the limit', () => {
  assert.match(messageOf({ base: { student: { width: 1e6 } } })!, /student\.width: at most 10,000/)
  assert.match(messageOf({ base: { metrics: { horizon: 1e9 } } })!, /metrics\.horizon: at most 100,000/)
  assert.match(messageOf({ base: { data: { length: 1e9 } } })!, /data\.length: at most 100,000/)
  assert.match(messageOf({ base: { stopping: { maxSteps: 1e12 } } })!, /stopping\.maxSteps: at most 100,000,000/)
  assert.match(messageOf({ seeds: Array.from({ length: LIMITS.axisValues + 1 }, (_, i) => i) })!, /seeds: at most 10,000 entries/)
  const big = { axes: [{ path: 'data.length', values: Array.from({ length: 100 }, (_, i) => i + 1) }, { path: 'student.width', values: Array.from({ length: 100 }, (_, i) => i + 1) }], seeds: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20] }
  assert.match(messageOf(big)!, /axes: 210,000 runs; a sweep has at most 200,000/)
})

test('a run whose estimated memory exceeds the limit is refused with the estimate and the field', () => {
  const wide = { base: { student: { width: 8000 } } }
  const estimate = estimateRunMemory(parseExperimentSpec(wide.base))
  assert.equal(estimate.field, 'student.width')
  assert.ok(estimate.bytes > 2 ** 31, `a general 8000-wide student holds 4 × 64 M doubles: ${estimate.bytes}`)
  const message = messageOf(wide, { memoryLimitBytes: 2 ** 30, memoryLimitText: 'half of 2 GB' })!
  assert.match(message, /run \(seed=0\): student\.width: needs about \d+(\.\d)? GB \(the student parameters and optimiser state\), more than half of 2 GB/)
  assert.equal(messageOf(wide, { memoryLimitBytes: 2 * estimate.bytes }), null)
  const batch = estimateRunMemory(parseExperimentSpec({ student: { kind: 'lstm', width: 64 }, data: { batchSize: 1_000_000, length: 100 } }))
  assert.equal(batch.field, 'data.batchSize')
  const sets = estimateRunMemory(parseExperimentSpec({ data: { loss: 'empirical', trainSize: 10_000_000, length: 1000 } }))
  assert.equal(sets.field, 'data.trainSize')
})

test('every preset passes the strict check at each of its scales', () => {
  for (const preset of presets) {
    for (const scale of presetScales(preset)) {
      const check = checkSweep(buildPreset(preset, scale))
      assert.deepEqual(check.issues, [], `${preset.id} ${scale}`)
    }
  }
})

test('validSweep throws one line naming the field; the runs it returns are parsed specs', () => {
  assert.throws(() => validSweep({ base: { data: { lenght: 3 } } }, { where: 'my.json' }), (e: Error) => e instanceof SpecError && e.message === 'my.json: base.data.lenght: unknown field; did you mean data.length?')
  const { runs } = validSweep({ axes: [{ path: 'data.length', values: [2, 4] }], seeds: [0, 1] })
  assert.deepEqual(runs.map((r) => [r.spec.data.length, r.spec.seed]), [[2, 0], [2, 1], [4, 0], [4, 1]])
})

/** Every object-field path of the experiment spec (union variants merged), for the fuzzer. */
function knownPaths(): string[] {
  const spec = parseExperimentSpec({}) as unknown as Record<string, unknown>
  const out: string[] = []
  const walk = (value: unknown, prefix: string) => {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return
    for (const [key, v] of Object.entries(value)) {
      out.push(prefix + key)
      walk(v, `${prefix}${key}.`)
    }
  }
  walk(spec, '')
  return out
}

test('spec fuzz: random unknown and forbidden paths and out-of-range sizes are each refused naming the field', () => {
  const rng = new Rng(2024, 'spec-fuzz')
  const paths = knownPaths()
  const letters = 'abcdefghijklmnopqrstuvwxyz'
  const mutate = (word: string) => {
    const i = rng.int(word.length + 1)
    const kind = rng.int(3)
    const c = letters[rng.int(26)]
    return kind === 0 ? word.slice(0, i) + c + word.slice(i) : kind === 1 ? word.slice(0, i) + c + word.slice(i + 1) : `${word}_${c}`
  }
  const forbidden = ['__proto__', 'constructor', 'prototype']
  const sizes: Array<[string, number]> = [
    ['student.width', LIMITS.width], ['teacher.dim', LIMITS.width], ['data.length', LIMITS.length], ['data.batchSize', LIMITS.sequences],
    ['data.trainSize', LIMITS.sequences], ['data.testSize', LIMITS.sequences], ['metrics.horizon', LIMITS.length],
    ['metrics.maxLength', LIMITS.length], ['stopping.maxSteps', LIMITS.steps], ['data.adversarialMaxLength', LIMITS.length], ['data.delay', LIMITS.length],
  ]
  let cases = 0
  const started = Date.now()
  for (let n = 0; n < 400 && Date.now() - started < 5000; n++) {
    cases++
    const kind = n % 3
    if (kind === 0) {
      const segments = paths[rng.int(paths.length)].split('.')
      const at = rng.int(segments.length)
      segments[at] = mutate(segments[at])
      const path = segments.join('.')
      if (pathIssue(ExperimentSpec, path) === null) continue // the mutation made another valid path
      // The message names the path up to the unknown segment (what follows it cannot be judged).
      const named = `${segments.slice(0, at + 1).join('.')}: unknown field`
      const viaSet = () => applyOverrides({}, { [path]: 1 })
      assert.throws(viaSet, (e: Error) => e instanceof SpecError && e.message.includes(named), path)
      assert.ok(messageOf({ axes: [{ path, values: [1] }] })?.includes(named), path)
    } else if (kind === 1) {
      const segments = paths[rng.int(paths.length)].split('.')
      segments.splice(rng.int(segments.length + 1), 0, forbidden[rng.int(3)])
      const path = segments.join('.')
      assert.throws(() => applyOverrides({}, { [path]: 1 }), /not allowed in a spec path/, path)
      assert.match(messageOf({ axes: [{ path, values: [1] }] })!, /not allowed/, path)
    } else {
      const [path, limit] = sizes[rng.int(sizes.length)]
      const value = limit + 1 + rng.int(1000) * 10 ** rng.int(6)
      const base: Record<string, unknown> = path === 'teacher.dim' ? { teacher: { kind: 'random-stable', dim: value } } : {}
      if (path !== 'teacher.dim') setPath(base, path, value)
      const message = messageOf({ base })
      assert.ok(message?.includes(`${path}: at most`), `${path}=${value}: ${message}`)
    }
  }
  assert.ok(cases >= 100, `ran ${cases} cases`)
  assert.equal(({} as Record<string, unknown>).status, undefined)
})
