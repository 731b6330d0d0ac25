/** The registry of experiment procedures: spec.experiment names which one runs. */
import type { ExperimentKind, ExperimentSpec } from '../spec/experiment'
import type { Procedure, RunContext } from './procedure'
import type { RunResult } from '../api/results'
import { counterexample } from './counterexample'
import { emami21Twin } from './emami21Twin'
import { procaLandscape } from './procaLandscape'
import { procaMode } from './procaMode'
import { train } from './train'

const procedures: { [K in ExperimentKind]: Procedure<K> } = {
  train,
  counterexample,
  'rnn-conv-twins': emami21Twin,
  'proca-mode': procaMode,
  'proca-landscape': procaLandscape,
}

export function runExperiment(spec: ExperimentSpec, ctx: RunContext): RunResult {
  // The spec's kind picks its procedure, so the spec has the type that procedure takes.
  const procedure = procedures[spec.experiment] as Procedure
  return procedure(spec, ctx)
}
