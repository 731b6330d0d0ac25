/**
 * A preset's sweep put in a store run by run, to read verdicts while some runs are done, some failed and the rest
 * still queued. The runs' results are computed once, in-process.
 */
import { spawnSync } from 'node:child_process'
import { Store } from '../../src-main/store/index'
import type { RunResult } from '../../src-shared/api/results'
import { evaluateClaims, presetVerdict, type Verdict } from '../../src-shared/claims'
import { runExperiment } from '../../src-shared/experiments'
import { findPreset } from '../../src-shared/presets'
import { buildPreset, type Scale, type SweepSpecInput } from '../../src-shared/spec/experiment'
import { expandSweep } from '../../src-shared/spec/sweep'
import { testContext } from './backends'

export interface PartialSweep {
  /** How many runs the sweep has. */
  total: number
  /**
   * Replace the store's sweeps by this preset's sweep: runs `done` finished, `failed` failed, `interrupted` left
   * running by a process that is gone (the next open of the store fails them as interrupted), the rest queued.
   */
  put(db: string, done: readonly number[], failed: readonly number[], interrupted?: readonly number[]): string
  /** The verdict the claims give over the finished runs `done`. */
  verdictOver(done: readonly number[]): Verdict
}

/** `shrink` makes the preset's sweep cheaper for a test (fewer steps, a narrower student); the store records it as is. */
export function partialSweep(presetId: string, scale: Scale = 'quick', shrink: (spec: SweepSpecInput) => SweepSpecInput = (s) => s): PartialSweep {
  const spec = shrink(buildPreset(findPreset(presetId)!, scale))
  const planned = expandSweep(spec)
  const results: RunResult[] = planned.map((run) => runExperiment(run.spec, testContext))
  return {
    total: planned.length,
    put(db, done, failed, interrupted = []) {
      const store = Store.open(db)
      try {
        for (const sweep of store.listSweeps()) store.deleteSweep(sweep.id)
        const { sweep, runIds } = store.createSweep({ preset: presetId, scale, title: `${presetId} ${scale}`, spec: spec as never, runs: planned })
        for (const i of done) {
          store.claimRun(runIds[i], 'test')
          store.finishRun(runIds[i], results[i], 1)
        }
        for (const i of failed) {
          store.claimRun(runIds[i], 'test')
          store.failRun(runIds[i], 'worker killed by SIGKILL')
        }
        if (interrupted.length) {
          // A process that has exited owns these runs, as after a crash or a kill.
          const gone = Store.open(db, { ownerPid: spawnSync(process.execPath, ['-e', '']).pid!, recover: false })
          for (const i of interrupted) gone.claimRun(runIds[i], 'test')
          gone.close()
        }
        return sweep.id
      } finally {
        store.close()
      }
    },
    verdictOver(done) {
      const runs = done.map((i) => ({ params: planned[i].params, metrics: results[i].metrics, series: results[i].series }))
      return presetVerdict(evaluateClaims(presetId, runs, scale))
    },
  }
}
