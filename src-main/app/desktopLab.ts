/** The desktop app's lab: store + scheduler on utility-process workers + LabService, reopened on "Open database…". */
import { app } from 'electron'
import { Store } from '../store'
import { Scheduler } from '../runner'
import { LabService } from './labService'
import { forkUtilityWorker } from './utilityTransport'

export interface DesktopLab {
  store: Store
  scheduler: Scheduler
  service: LabService
  close(): Promise<void>
}

export function openDesktopLab(dbPath: string): DesktopLab {
  const store = Store.open(dbPath)
  const scheduler = new Scheduler(store, { createWorker: forkUtilityWorker })
  const service = new LabService(store, scheduler, { mode: 'electron', version: app.getVersion() })
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
