/** The reproduction service: the paper presets, launching one, and whether each paper's result holds (view and report). */
import { z } from 'zod'
import type { Preset, SweepSpec } from '../../spec/experiment'
import type { Reproduction } from '../reproduction'
import type { SweepSummary } from './sweeps'
import { Id, Scale, type ExportFile, type ServiceCalls, type ServiceHandlers } from './contract'

/** A preset as the renderer sees it: the `Preset` without its build function, `needsDataset` always present. */
export type PresetInfo = Required<Omit<Preset, 'build' | 'search' | 'paperKStar'>> & Pick<Preset, 'search' | 'paperKStar'>

export const reproductionRequests = {
  listPresets: z.object({}),
  getPreset: z.object({ id: Id, scale: Scale.default('quick') }),
  /** A preset's sweep, built by main; a preset on a recording runs on `dataset` (a stored dataset's id), else the newest import. */
  launchPreset: z.object({ id: Id, scale: Scale.default('quick'), dataset: Id.optional() }),
  /** The Reproduce view: every preset's (or the named presets') latest sweep at the scale, its claims' verdicts and its figures. */
  reproduction: z.object({ scale: Scale.default('quick'), presets: z.array(Id).max(200).optional() }),
  /** The reproduction report as one self-contained HTML file (the same as `impulse-lab report`). */
  exportReport: z.object({ scale: Scale.default('quick'), presets: z.array(Id).max(200).default([]) }),
} as const

export interface ReproductionAnswers {
  listPresets: PresetInfo[]
  getPreset: { preset: PresetInfo; sweep: SweepSpec }
  launchPreset: SweepSummary
  reproduction: Reproduction
  exportReport: ExportFile
}

export type ReproductionApi = ServiceCalls<typeof reproductionRequests, ReproductionAnswers>
export type ReproductionHandlers = ServiceHandlers<typeof reproductionRequests, ReproductionAnswers>
