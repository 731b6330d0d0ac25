/** Stores in one temp folder and real-worker schedulers for a test file, all cleaned up when the file ends. */
import { after } from 'node:test'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Store } from '../../src-main/store/index'
import { Scheduler, type SchedulerOptions } from '../../src-main/runner/index'

export interface SchedulerFixture {
  dir: string
  /** A new store file in `dir`. */
  freshStore: () => Store
  newScheduler: (store: Store, workers: number, options?: SchedulerOptions) => Scheduler
}

/** Every scheduler is disposed at the end even when an assertion failed mid-test, so no worker outlives the file. */
export function schedulerFixture(name: string): SchedulerFixture {
  const dir = mkdtempSync(join(tmpdir(), `impulse-lab-${name}-`))
  let files = 0
  const schedulers: Scheduler[] = []
  after(async () => {
    await Promise.all(schedulers.map((s) => s.dispose()))
    rmSync(dir, { recursive: true, force: true })
  })
  return {
    dir,
    freshStore: () => Store.open(join(dir, `${name}-${++files}.db`)),
    newScheduler(store, workers, options = {}) {
      const scheduler = new Scheduler(store, { ...options, workers })
      schedulers.push(scheduler)
      return scheduler
    },
  }
}
