/** The search service: boundary searches on the app's scheduler (src-main/lab/searchService.ts drives them). */
import type { SearchHandlers } from '../../../src-shared/api/services/search'
import { launchSearch, searchBudget, searchView } from '../searchService'
import type { LabContext } from '../labContext'

type Req<M extends keyof SearchHandlers> = Parameters<SearchHandlers[M]>[0]

export class SearchService implements SearchHandlers {
  constructor(private readonly lab: LabContext) {}

  async planSearch(request: Req<'planSearch'>) {
    return searchBudget(request.search, this.lab.currentCalibration(), this.lab.scheduler.workers)
  }

  async launchSearch(request: Req<'launchSearch'>) {
    return launchSearch(this.lab.store, this.lab.scheduler, request.search, request, (event) => this.lab.fire(event))
  }

  async getSearch(request: Req<'getSearch'>) {
    return searchView(this.lab.store, request.sweepId)
  }
}
