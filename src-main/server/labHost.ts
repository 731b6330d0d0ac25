/** Everything browser mode runs: the store, a scheduler on Node child-process workers, the LabService, the server. */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Store } from '../store'
import { Scheduler, type WorkerFactory } from '../runner'
import { LabService } from '../lab/labService'
import { warmPresetRunSpecs } from '../lab/presetRuns'
import { startLabServer, type LabServer } from './labServer'
import { PROJECT_ROOT } from './renderer'
import { failFastOnLocks } from '../store/busy'
import { ensureMachineRates } from '../lab/costCalibration'
import { userDataDir } from '../store/paths'

interface LabHostOptions {
  dbPath: string
  /** Create dbPath's folder if missing (only for the app's default path). */
  createFolder?: boolean
  staticDir: string
  port?: number
  workers?: number
  token?: string
  createWorker?: WorkerFactory
  /** See LabServerOptions.busyRetryMs. */
  busyRetryMs?: number
}

export interface LabHost {
  store: Store
  scheduler: Scheduler
  service: LabService
  server: LabServer
  close(): Promise<void>
}

function packageVersion(): string {
  return (JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8')) as { version: string }).version
}

export async function startLabHost(options: LabHostOptions): Promise<LabHost> {
  const store = Store.open(options.dbPath, { createFolder: options.createFolder })
  // Runs launched over HTTP read stored datasets only, never a path a sweep names.
  const scheduler = new Scheduler(store, { workers: options.workers, createWorker: options.createWorker, datasetPaths: 'refuse' })
  const uploadDir = mkdtempSync(join(tmpdir(), 'impulse-lab-uploads-'))
  const service = new LabService(store, scheduler, { mode: 'browser', version: packageVersion(), uploadDir })
  // this machine's cost-model rates and a worker's start, measured in the background at first start
  void ensureMachineRates(userDataDir(), scheduler.createWorker).catch(() => undefined)
  // Expanding every preset's runs (for the Reproduce view's estimates) takes a second: once, before listening.
  warmPresetRunSpecs()
  let server: LabServer
  try {
    server = await startLabServer({ service, subscribe: service.subscribe, staticDir: options.staticDir, port: options.port, token: options.token, uploadDir, lockScope: (call) => failFastOnLocks(store.db, call), busyRetryMs: options.busyRetryMs })
  } catch (error) {
    service.dispose()
    await scheduler.dispose()
    store.close()
    rmSync(uploadDir, { recursive: true, force: true })
    throw error
  }
  return {
    store,
    scheduler,
    service,
    server,
    async close() {
      await server.close()
      service.dispose()
      await scheduler.dispose()
      store.close()
      rmSync(uploadDir, { recursive: true, force: true })
    },
  }
}
