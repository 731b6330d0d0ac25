/** The desktop app's lab: store + scheduler on utility-process workers + LabService, reopened on "Open database…". */
import { app } from 'electron'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { Store } from '../store'
import type { FileHandles } from '../lab/fileHandles'
import { Scheduler } from '../runner'
import { LabService } from '../lab/labService'
import { forkUtilityWorker } from './utilityTransport'
import { ensureMachineRates } from '../lab/costCalibration'
import { userDataDir } from '../store/paths'

export interface DesktopLab {
  store: Store
  scheduler: Scheduler
  service: LabService
  close(): Promise<void>
}

export function openDesktopLab(dbPath: string, fileHandles: FileHandles): DesktopLab {
  const store = Store.open(dbPath, { nativeBinding: electronSqliteBinding(), createFolder: true })
  // Runs launched from the window read stored datasets only, never a path a sweep names.
  const scheduler = new Scheduler(store, { createWorker: forkUtilityWorker, datasetPaths: 'refuse' })
  const service = new LabService(store, scheduler, { mode: 'electron', version: app.getVersion(), fileHandles })
  // this machine's cost-model rates and a worker's start, measured in the background at first start
  void ensureMachineRates(userDataDir(), scheduler.createWorker).catch(() => undefined)
  return {
    store,
    scheduler,
    service,
    async close() {
      service.dispose()
      await scheduler.dispose()
      store.close()
    },
  }
}

/**
 * node_modules holds better-sqlite3 built for Node (the CLI and the tests use it); `npm start` builds a copy for
 * Electron's ABI into .electron-native/ (scripts/electron-native.mjs), which the app loads when it is there.
 */
function electronSqliteBinding(): string | undefined {
  const file = join(app.getAppPath(), '.electron-native', 'better_sqlite3.node')
  return existsSync(file) ? file : undefined
}
