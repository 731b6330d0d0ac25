/** A LabService on a fresh SQLite file with Node child-process workers, called the way IPC and HTTP call it. */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { LabEvent, LabMethod, LabRequest, LabResponses } from '../../src-shared/api/lab'
import { Store } from '../../src-main/store'
import { Scheduler } from '../../src-main/runner'
import { LabService } from '../../src-main/lab/labService'
import { dispatchLabCall } from '../../src-main/lab/dispatch'

export interface LabFixture {
  dir: string
  store: Store
  scheduler: Scheduler
  service: LabService
  events: LabEvent[]
  call<M extends LabMethod>(method: M, request: LabRequest<M>): Promise<LabResponses[M]>
  close(): Promise<void>
}

export function createLabFixture(workers = 1): LabFixture {
  const dir = mkdtempSync(join(tmpdir(), 'impulse-lab-app-'))
  const store = Store.open(join(dir, 'lab.db'))
  const scheduler = new Scheduler(store, { workers, idleTimeoutMs: 500 })
  const service = new LabService(store, scheduler, { mode: 'browser', version: 'test' })
  const events: LabEvent[] = []
  service.subscribe((event) => events.push(event))
  return {
    dir,
    store,
    scheduler,
    service,
    events,
    call: (method, request) => dispatchLabCall(service, method, request) as never,
    async close() {
      service.dispose()
      await scheduler.dispose()
      store.close()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}
