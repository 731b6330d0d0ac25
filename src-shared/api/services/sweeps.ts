/** The sweeps service: plan (runs, estimate) and launch a sweep spec, cancel, resume, list, rename and export sweeps. */
import { z } from 'zod'
import type { SweepSpec } from '../../spec/experiment'
import { checkedSweep, type CheckedSweep } from '../../spec/sweep'
import type { RunStatus, SweepStatus } from '../status'
import { Id, Scale, type ExportFile, type ServiceCalls, type ServiceHandlers } from './contract'

interface SweepAxisInfo {
  name: string
  values: unknown[]
}

export interface SweepPlan {
  runs: number
  /** Wall-clock estimate for the whole sweep with the available workers. */
  estimatedSeconds: number
  perRunSeconds: number
  workers: number
  axes: SweepAxisInfo[]
  seeds: number[]
}

export interface SweepSummary {
  id: string
  title: string
  preset: string | null
  scale: string | null
  createdAt: string
  status: SweepStatus
  counts: Record<RunStatus, number>
  total: number
  /** Swept parameter names (spec paths or variant-axis names), then `seed`. */
  params: string[]
  etaSeconds: number | null
  /** Markdown, or null. */
  note: string | null
  tags: string[]
  /** In the trash. */
  deleted: boolean
  /** A finished sweep: the estimate given at launch (null when launched elsewhere) beside its wall time. */
  timing?: { estimatedSeconds: number | null; actualSeconds: number } | null
}

/**
 * A sweep spec, checked whole where the request crosses into main (checkSweep: strict fields with the nearest valid
 * name, limits, every run's spec); handlers receive the checked sweep with its runs and never parse it again. What
 * only main knows (this machine's memory, the stored datasets) it checks on the checked sweep.
 */
export const SweepInput = z
  .custom<z.input<typeof SweepSpec>>((value) => value !== null && typeof value === 'object' && !Array.isArray(value), 'expected a sweep spec (an object)')
  .transform((input, ctx): CheckedSweep => {
    const { checked, issues } = checkedSweep(input)
    if (checked) return checked
    for (const issue of issues) {
      // a run's issue is about a path of that run's spec, not of the sweep: both go in the message
      if (issue.run) ctx.addIssue({ code: 'custom', message: `${issue.run}: ${issue.path}: ${issue.message}`, path: [] })
      else ctx.addIssue({ code: 'custom', message: issue.message, path: issue.path ? issue.path.split('.') : [] })
    }
    return z.NEVER
  })

export const sweepsRequests = {
  planSweep: z.object({ sweep: SweepInput }),
  launchSweep: z.object({
    sweep: SweepInput,
    preset: z.string().max(200).nullable().default(null),
    scale: Scale.nullable().default(null),
  }),
  cancelSweep: z.object({ sweepId: Id }),
  resumeSweep: z.object({ sweepId: Id }),
  exportSweep: z.object({ sweepId: Id, format: z.enum(['csv', 'json']) }),
  listSweeps: z.object({ trash: z.boolean().default(false) }),
  renameSweep: z.object({ sweepId: Id, title: z.string().max(300) }),
} as const

export interface SweepsAnswers {
  planSweep: SweepPlan
  launchSweep: SweepSummary
  cancelSweep: SweepSummary
  resumeSweep: SweepSummary
  exportSweep: ExportFile
  listSweeps: SweepSummary[]
  renameSweep: SweepSummary
}

export type SweepsApi = ServiceCalls<typeof sweepsRequests, SweepsAnswers>
export type SweepsHandlers = ServiceHandlers<typeof sweepsRequests, SweepsAnswers>
