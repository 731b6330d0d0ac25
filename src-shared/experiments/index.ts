/** The registry of experiment procedures: spec.experiment names which one runs. */
import type { ExperimentKind, ExperimentSpec } from '../spec/experiment'
import type { Procedure, RunContext } from './procedure'
import type { RunResult } from '../api/results'

const procedures: Partial<Record<ExperimentKind, Procedure>> = {}

export function runExperiment(spec: ExperimentSpec, ctx: RunContext): RunResult {
  const procedure = procedures[spec.experiment]
  if (!procedure) throw new Error(`experiment "${spec.experiment}" is not available in this build`)
  return procedure(spec, ctx)
}
