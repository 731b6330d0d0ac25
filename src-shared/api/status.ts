/** The status vocabulary of runs and sweeps, shared by the store, the scheduler, the CLI, the API and the views. */
import { z } from 'zod'

export const RunStatusSchema = z.enum(['queued', 'running', 'done', 'failed', 'cancelled'])
export type RunStatus = z.infer<typeof RunStatusSchema>
export const RUN_STATUSES: readonly RunStatus[] = RunStatusSchema.options

/** A sweep is `interrupted` when the process running it went away mid-sweep (resume picks it up). */
export const SweepStatusSchema = z.enum([...RunStatusSchema.options, 'interrupted'])
export type SweepStatus = z.infer<typeof SweepStatusSchema>
export const SWEEP_STATUSES: readonly SweepStatus[] = SweepStatusSchema.options

