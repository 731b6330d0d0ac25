/** The search service: boundary searches (the Sweep builder's "Find transition"): budget before launch, launch, live state. */
import { z } from 'zod'
import { SearchRequest, type SearchBudget, type SearchView } from '../search'
import { Id, Scale, type ServiceCalls, type ServiceHandlers } from './contract'

export const searchRequests = {
  planSearch: z.object({ search: SearchRequest }),
  launchSearch: z.object({ search: SearchRequest, preset: Id.nullable().default(null), scale: Scale.nullable().default(null) }),
  getSearch: z.object({ sweepId: Id }),
} as const

export interface SearchAnswers {
  planSearch: SearchBudget
  launchSearch: SearchView
  getSearch: SearchView
}

export type SearchApi = ServiceCalls<typeof searchRequests, SearchAnswers>
export type SearchHandlers = ServiceHandlers<typeof searchRequests, SearchAnswers>
