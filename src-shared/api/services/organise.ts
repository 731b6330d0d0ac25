/** The organise service: tags, markdown notes and the trash, for runs and sweeps alike (an id names either). */
import { z } from 'zod'
import { Id, type ServiceCalls, type ServiceHandlers } from './contract'

/** How many runs and sweeps a delete, restore or purge changed. */
interface TrashChange {
  runs: number
  sweeps: number
}

export const organiseRequests = {
  editTags: z.object({
    id: Id,
    add: z.array(z.string().min(1).max(60)).max(50).default([]),
    remove: z.array(z.string().min(1).max(60)).max(50).default([]),
  }),
  setNote: z.object({ id: Id, note: z.string().max(100_000).nullable() }),
  /** Runs and sweeps to the trash; restoreItems brings them back; purgeTrash removes them (all of the trash without ids). */
  deleteItems: z.object({ ids: z.array(Id).min(1).max(10000) }),
  restoreItems: z.object({ ids: z.array(Id).min(1).max(10000) }),
  /** dryRun: count what would go (the confirmation before emptying the trash) without removing anything. */
  purgeTrash: z.object({ ids: z.array(Id).min(1).max(10000).optional(), dryRun: z.boolean().optional() }),
} as const

export interface OrganiseAnswers {
  editTags: { tags: string[] }
  setNote: { note: string | null }
  deleteItems: TrashChange
  restoreItems: TrashChange
  purgeTrash: TrashChange
}

export type OrganiseApi = ServiceCalls<typeof organiseRequests, OrganiseAnswers>
export type OrganiseHandlers = ServiceHandlers<typeof organiseRequests, OrganiseAnswers>
