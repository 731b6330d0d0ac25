/** The app service: which process serves the lab, on which database, with how many workers. */
import type { AppHandlers } from '../../../src-shared/api/services/app'
import type { LabContext } from '../labContext'

export class AppService implements AppHandlers {
  constructor(private readonly lab: LabContext) {}

  async appInfo() {
    const { options, store, scheduler } = this.lab
    return { version: options.version, mode: options.mode, dbPath: store.file, workers: scheduler.workers }
  }
}
