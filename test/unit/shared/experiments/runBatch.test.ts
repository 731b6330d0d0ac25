// Batched runs against lone runs: every run of a batch gives the lone run's results bit for bit (metrics, curves,
// models, progress), whatever the batch size and its mates, keeps its own stopping, fails alone, and can be dropped.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import type { Progress } from '../../../../src-shared/api/results'
import { encodeRunResult } from '../../../../src-shared/api/seriesCodec'
import { type BatchOutcome, RunBatch } from '../../../../src-shared/experiments/runBatch'
import { runExperiment } from '../../../../src-shared/experiments/index'
import { parseExperimentSpec, type ExperimentSpec, type ExperimentSpecInput } from '../../../../src-shared/spec/experiment'
import type { Backend } from '../../../../src-shared/engine/backend'
import { referenceBackend, testBackend } from '../../../helpers/backends'

const teacher = { kind: 'iclr23-balanced', dim: 3, eigMin: 0.6, eigMax: 0.95, bMean: 0.5, bStd: 1, spacing: 'random' }
const diagonal = { kind: 'linear', width: 11, parameterization: 'diagonal', balanced: true, init: { kind: 'gaussian', scale: 0.1 } }

function spec(overrides: Partial<ExperimentSpecInput> = {}): ExperimentSpec {
  return parseExperimentSpec({
    experiment: 'train',
    teacher,
    student: diagonal,
    data: { loss: 'population', target: 'last', length: 9 },
    optimizer: { kind: 'adam', lr: 1e-2 },
    stopping: { maxSteps: 600 },
    metrics: { horizon: 30 },
    seed: 3,
    ...overrides,
  } as ExperimentSpecInput)
}

/** Runs of one sweep and a few that differ: lengths, seeds, stopping, optimiser, a general student, a bad teacher. */
const specs: ExperimentSpec[] = [
  spec(),
  spec({ data: { loss: 'population', target: 'last', length: 4 }, seed: 1 } as Partial<ExperimentSpecInput>),
  spec({ data: { loss: 'population', target: 'every', length: 12 }, seed: 2 } as Partial<ExperimentSpecInput>),
  // stops early at its loss threshold: it leaves the batch while the others train on
  spec({ stopping: { maxSteps: 3000, lossThreshold: 1e-4 } } as Partial<ExperimentSpecInput>),
  spec({ stopping: { maxSteps: 900, earlyStopping: { every: 50, patience: 2 } }, seed: 5 } as Partial<ExperimentSpecInput>),
  spec({
    student: { ...diagonal, width: 8, balanced: false, widthScaling: true, init: { kind: 'gaussian', scale: 0.3 } },
    optimizer: { kind: 'gd', lr: 0.05, milestones: [120, 250], gamma: 0.5 },
  } as Partial<ExperimentSpecInput>),
  // diverges: fails with its step, as alone
  spec({ optimizer: { kind: 'gd', lr: 500 }, student: { ...diagonal, init: { kind: 'gaussian', scale: 0.5 } } } as Partial<ExperimentSpecInput>),
  // a general student: not batchable, trains whole on its first round
  spec({ student: { kind: 'linear', width: 6, parameterization: 'general', init: { kind: 'gaussian', scale: 0.1 } }, stopping: { maxSteps: 200 } } as Partial<ExperimentSpecInput>),
]

interface Outcome {
  encoded?: ReturnType<typeof encodeRunResult>
  error?: string
  progress: Progress[]
}

function alone(s: ExperimentSpec, backend: Backend = testBackend): Outcome {
  const progress: Progress[] = []
  try {
    return { encoded: encodeRunResult(runExperiment(s, { onProgress: (p) => progress.push(p), backend })), progress }
  } catch (error) {
    return { error: (error as Error).message, progress }
  }
}

/** The specs in batches of `size`, each batch trained together; `drop` names runs to drop after the first round. */
function batched(list: ExperimentSpec[], size: number, drop: number[] = [], backend: Backend = testBackend): Array<Outcome | undefined> {
  const out: Array<Outcome | undefined> = []
  for (let start = 0; start < list.length; start += size) {
    const chunk = list.slice(start, start + size)
    const progress = chunk.map(() => [] as Progress[])
    const batch = new RunBatch(chunk.map((s, i) => ({ spec: s, ctx: { onProgress: (p: Progress) => progress[i].push(p), backend } })),
      (i, outcome: BatchOutcome) => {
        assert.equal(out[start + i], undefined, `run ${start + i} reported once`)
        out[start + i] = outcome.error === undefined
          ? { encoded: encodeRunResult(outcome.result!), progress: progress[i] }
          : { error: (outcome.error as Error).message, progress: progress[i] }
      })
    let rounds = 0
    while (batch.round()) {
      if (rounds++ === 0) for (const index of drop) if (index >= start && index < start + size) assert.ok(batch.drop(index - start))
    }
  }
  return out
}

test('every run of a batch gives its lone results bit for bit, in batches of 1, 3 and all', () => {
  const lone = specs.map((s) => alone(s))
  assert.match(lone[6].encoded?.failure ?? '', /^loss diverged/, 'the diverging run fails as a result, with its step')
  assert.ok(lone[3].encoded!.steps < 3000, 'the threshold stops its run early')
  for (const size of [1, 3, specs.length]) {
    const together = batched(specs, size)
    specs.forEach((_, i) => {
      // deepStrictEqual: numbers by Object.is (-0 and NaN count), series blobs byte by byte
      assert.deepStrictEqual(together[i], lone[i], `batch size ${size}, run ${i}`)
    })
  }
})

test('a run whose teacher cannot be built fails alone; a dropped run reports nothing and its mates are unchanged', () => {
  const bad = parseExperimentSpec({ ...spec(), teacher: { kind: 'none' } } as unknown as ExperimentSpecInput)
  const list = [specs[0], bad, specs[1], specs[2]]
  const lone = list.map((s) => alone(s))
  assert.match(lone[1].error ?? '', /^teacher\.kind: "none" is not a teacher model/)
  const together = batched(list, list.length, [2])
  assert.deepStrictEqual(together[0], lone[0])
  assert.deepStrictEqual(together[1], lone[1])
  assert.equal(together[2], undefined, 'the dropped run has no result')
  assert.deepStrictEqual(together[3], lone[3])
})

test('on the reference backend too, a batch of all the runs gives each its lone results bit for bit', () => {
  const lone = specs.map((s) => alone(s, referenceBackend))
  const together = batched(specs, specs.length, [], referenceBackend)
  specs.forEach((_, i) => assert.deepStrictEqual(together[i], lone[i], `run ${i}`))
  assert.ok(lone[0].encoded!.steps > 0)
})
