/** The registry of experiment procedures: spec.experiment names which one runs. */
import type { ExperimentKind, ExperimentSpec } from '../spec/experiment'
import type { Procedure, RunContext } from './procedure'
import type { RunResult } from '../api/results'
import { counterexample } from './counterexample'
import { emami21Twin } from './emami21Twin'
import { procaLandscape } from './procaLandscape'
import { procaMode } from './procaMode'
import { train } from './train'

const procedures: Partial<Record<ExperimentKind, Procedure>> = {
  train,
  counterexample,
  'emami21-twin': emami21Twin,
  'proca-mode': procaMode,
  'proca-landscape': procaLandscape,
}

export function runExperiment(spec: ExperimentSpec, ctx: RunContext): RunResult {
  const procedure = procedures[spec.experiment]
  if (!procedure) throw new Error(`experiment "${spec.experiment}" is not available in this build`)
  return procedure(spec, ctx)
}
