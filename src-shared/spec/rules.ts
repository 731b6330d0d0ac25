/**
 * Rules across fields that the schema alone cannot state: combinations a procedure would refuse only once its run
 * had started (a GRU student on the population loss, a PROCA run without a sequence teacher). checkSweep applies
 * them to every run, so the CLI, the lab service and the sweep builder refuse such a sweep before launch and name the
 * field; the procedures keep their own checks for specs that reach them another way.
 */
import type { ExperimentSpec } from './experiment'
import type { SpecIssue } from './issues'

type Rule = (spec: ExperimentSpec) => SpecIssue | null

const rules: Rule[] = [
  (spec) =>
    spec.experiment === 'train' && (spec.student.kind === 'gru' || spec.student.kind === 'lstm') && spec.data.loss !== 'empirical'
      ? { path: 'data.loss', message: `gated students (${spec.student.kind}) train on sampled sequences; set data.loss = "empirical"` }
      : null,
  (spec) =>
    spec.experiment === 'train' && spec.student.kind === 'linear' && spec.data.loss === 'population' && (spec.data.delay > 0 || spec.data.noiseSnrDb !== null)
      ? { path: 'data.loss', message: 'the population loss has no output delay or noise; use data.loss = "empirical"' }
      : null,
  (spec) =>
    spec.student.kind === 'linear' && spec.student.precision !== 'float64'
      ? { path: 'student.precision', message: `${spec.student.precision} is for gru/lstm students; linear students train in float64` }
      : null,
  (spec) =>
    spec.experiment === 'rnn-conv-twins' && spec.student.kind !== 'linear'
      ? { path: 'student.kind', message: `the EMAMI21 twin needs the linear RNN, got "${spec.student.kind}"` }
      : null,
  (spec) =>
    (spec.experiment === 'proca-mode' || spec.experiment === 'proca-landscape') && spec.teacher.kind !== 'sequence'
      ? { path: 'teacher.kind', message: `${spec.experiment} needs a "sequence" teacher, got "${spec.teacher.kind}"` }
      : null,
  (spec) =>
    (spec.experiment === 'proca-mode' || spec.experiment === 'proca-landscape') && spec.optimizer.kind !== 'gd'
      ? { path: 'optimizer.kind', message: `${spec.experiment} simulates gradient flow with "gd", got "${spec.optimizer.kind}"` }
      : null,
  (spec) =>
    spec.experiment === 'counterexample' && spec.teacher.kind !== 'memoryless'
      ? { path: 'teacher.kind', message: `the AISTATS22 constructions are for the memoryless teacher, got "${spec.teacher.kind}"` }
      : null,
]

/** Every cross-field rule the spec breaks. */
export function specRuleIssues(spec: ExperimentSpec): SpecIssue[] {
  return rules.map((rule) => rule(spec)).filter((issue): issue is SpecIssue => issue !== null)
}
