/**
 * What the Reproduce view and the report show: per paper, per preset, the latest sweep at a scale, its claims'
 * verdicts and numbers, and its figures as data. Built in main from the store (src-main/report/reproduction.ts).
 */
import type { EvaluatedClaim, PaperId, Verdict } from '../claims'
import type { FigureData } from '../claims/figureData'
import type { R2Table } from '../claims/r2Table'
import type { Scale, SweepSpec } from '../spec/experiment'
import type { RunStatus, SweepStatus } from './status'

export interface ReproductionSweep {
  id: string
  title: string
  createdAt: string
  status: SweepStatus
  counts: Record<RunStatus, number>
  total: number
  spec: SweepSpec
  /** The code version the runs were computed with (distinct versions joined when a sweep was resumed on newer code). */
  codeVersion: string | null
}

export interface ReproductionCard {
  presetId: string
  title: string
  /** The paper's figure or table ("ICLR23 Fig. 1a"). */
  figureName: string
  needsDataset: boolean
  /** The scales the preset offers (lab only where its paper scale needs a cluster). */
  scales: Scale[]
  /** The latest sweep of this preset at the scale, or null when none ran. */
  sweep: ReproductionSweep | null
  /** Finished runs the claims read. */
  finishedRuns: number
  verdict: Verdict
  claims: EvaluatedClaim[]
  figures: FigureData[]
  /** EMAMI21 Table 1 beside the paper's numbers (real-data presets). */
  table: R2Table | null
  /** Wall-clock estimates for running the preset here at each scale (null where no runner answers, e.g. the report). */
  estimatedSeconds: Partial<Record<Scale, number>> | null
}

interface ReproductionPaper {
  paper: PaperId
  title: string
  cards: ReproductionCard[]
}

export interface Reproduction {
  scale: Scale
  papers: ReproductionPaper[]
}

export const PAPER_TITLES: Record<PaperId, string> = {
  AISTATS22: 'Cohen-Karlik et al. 2022 — On the implicit bias of gradient descent for temporal extrapolation',
  ICLR23: 'Cohen-Karlik et al. 2023 — Learning low dimensional state spaces with overparameterized recurrent neural nets',
  EMAMI21: 'Emami et al. 2021 — Implicit bias of linear RNNs',
  PROCA: 'Proca, Shanahan, Mediano — Learning dynamics of linear RNNs: connectivity modes',
}
