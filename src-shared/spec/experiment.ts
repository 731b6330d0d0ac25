/**
 * The experiment spec (one training run) and the sweep spec (a grid of runs), validated with zod.
 * Every field has a default, so a spec file only states what differs from them.
 */
import { z } from 'zod'
import { TeacherSpec } from './teacher'
import { StudentSpec } from './student'
import { DataSpec } from './data'
import { MetricsSpec, OptimizerSpec, StoppingSpec } from './training'
import { LIMITS } from './limits'
import type { SearchSettingsInput } from '../search/spec'
import type { PaperKStar } from '../search/references'
import { formatIssues, issuesFrom, type Schema } from './issues'
import {
  CounterexampleOptions,
  Emami21TwinOptions,
  ProcaLandscapeOptions,
  ProcaModeOptions,
  TrainOptions,
} from './options'

export const EXPERIMENT_KINDS = ['train', 'rnn-conv-twins', 'proca-mode', 'proca-landscape', 'counterexample'] as const

const seed = z.number().int().min(0).max(LIMITS.seed)

/**
 * The linear RNN beside its Conv1D twins, on a teacher or a recording. Spec files and stores written before it got
 * this name call it by its former, paper-bound one, read as the new name so every spec holds one kind name.
 */
export const FORMER_KIND_NAMES = { 'emami21-twin': 'rnn-conv-twins' } as const
const twinsKind = z.enum(['rnn-conv-twins', 'emami21-twin']).transform(() => 'rnn-conv-twins' as const)

/** A base spec naming its kind by a former name, renamed (the stored sweep then says what its runs ran). */
function withCurrentKindName(base: Record<string, unknown>): Record<string, unknown> {
  const kind = base.experiment
  return typeof kind === 'string' && Object.hasOwn(FORMER_KIND_NAMES, kind) ? { ...base, experiment: FORMER_KIND_NAMES[kind as keyof typeof FORMER_KIND_NAMES] } : base
}

/** The fields every experiment kind shares (each with a default). */
const common = {
  teacher: TeacherSpec.default({ kind: 'memoryless', weight: 1 }),
  student: StudentSpec.default(StudentSpec.parse({})),
  data: DataSpec.default(DataSpec.parse({})),
  optimizer: OptimizerSpec.default(OptimizerSpec.parse({})),
  stopping: StoppingSpec.default(StoppingSpec.parse({})),
  metrics: MetricsSpec.default(MetricsSpec.parse({})),
  seed: seed.default(0),
}

/**
 * One spec per experiment kind, told apart by `experiment`; each has its own strict `options` (spec/options.ts).
 * 'train': fit the student to the teacher (or dataset) and report the metrics. The others are the procedures of
 * particular papers (src-shared/experiments/ has one file each).
 */
export const ExperimentSpec = z.discriminatedUnion(
  'experiment',
  [
    z.strictObject({ experiment: z.literal('train').default('train'), ...common, options: TrainOptions.prefault({}) }),
    z.strictObject({ experiment: twinsKind, ...common, options: Emami21TwinOptions.prefault({}) }),
    z.strictObject({ experiment: z.literal('proca-mode'), ...common, options: ProcaModeOptions.prefault({}) }),
    z.strictObject({ experiment: z.literal('proca-landscape'), ...common, options: ProcaLandscapeOptions.prefault({}) }),
    /** options.construction is required: there is no default construction. */
    z.strictObject({ experiment: z.literal('counterexample'), ...common, options: CounterexampleOptions.prefault({} as never) }),
  ],
  { error: (issue): string | undefined => (issue.code === 'invalid_union' ? `expected one of ${EXPERIMENT_KINDS.join(', ')}` : undefined) },
)
export type ExperimentSpec = z.infer<typeof ExperimentSpec>
/** What a user may write: any field may be left out. */
export type ExperimentSpecInput = z.input<typeof ExperimentSpec>
export type ExperimentKind = ExperimentSpec['experiment']
/** The spec of one experiment kind, its `options` typed; and what a user may write for it. */
export type SpecOf<K extends ExperimentKind> = Extract<ExperimentSpec, { experiment: K }>
export type SpecInputOf<K extends ExperimentKind> = Extract<ExperimentSpecInput, { experiment?: K }>

/** EXPERIMENT_KINDS lists every kind of the union: this fails to type-check when one is missing. */
const everyKindListed: [Exclude<ExperimentKind, (typeof EXPERIMENT_KINDS)[number]>] extends [never] ? true : never = true
void everyKindListed

/** A sweep axis: one spec path over values, or named variants that each set several paths. */
const specPath = z.string().min(1).max(200)
export const SweepAxis = z.union([
  z.strictObject({ path: specPath, values: z.array(z.unknown()).min(1).max(LIMITS.axisValues) }),
  z.strictObject({
    name: z.string().min(1).max(200),
    variants: z
      .array(z.strictObject({ label: z.string().min(1).max(200), set: z.record(specPath, z.unknown()) }))
      .min(1)
      .max(LIMITS.axisValues),
  }),
])
export type SweepAxis = z.infer<typeof SweepAxis>

export const SweepSpec = z.strictObject({
  title: z.string().max(500).default('Custom sweep'),
  description: z.string().max(10_000).default(''),
  /** The spec every run starts from before the axes are applied. */
  base: z.record(z.string(), z.unknown()).default({}).transform(withCurrentKindName),
  axes: z.array(SweepAxis).max(32).default([]),
  seeds: z.array(seed).min(1).max(LIMITS.axisValues).default([0]),
  /** Where the runs were computed when not by this store's scheduler: a Slurm job directory merged back. */
  source: z.strictObject({ kind: z.literal('slurm'), jobId: z.string(), dir: z.string() }).optional(),
})
export type SweepSpec = z.infer<typeof SweepSpec>
/** What a user or a preset writes: the base is an experiment spec input (axes may fill in what it leaves out). */
export type SweepSpecInput = Omit<z.input<typeof SweepSpec>, 'base'> & { base?: ExperimentSpecInput }

/**
 * How big a preset's sweep is: quick (seconds to minutes, what the tests run), paper (the paper's settings), and lab,
 * offered only by presets whose paper scale needs a cluster: a middle scale that still shows the paper's outcome on a
 * lab machine's two cores.
 */
export const SCALES = ['quick', 'lab', 'paper'] as const
export type Scale = (typeof SCALES)[number]

/** A named, versioned experiment a user can run from the app or the CLI. */
export interface Preset {
  id: string
  title: string
  /** Short paper name (AISTATS22, ICLR23, EMAMI21, PROCA) and the figure or table. */
  paper: string
  /** What is swept, in a few words ("k = 2..30 × 3 seeds"). */
  sweeps: string
  /** What the preset does, where it departs from the paper, which unstated values it picks. */
  description: string
  /** The outcome the paper (and the reference run) expects, shown beside the results. */
  expected: string
  /** Does the preset need `data.dataset`? */
  needsDataset?: boolean
  /** The scales it offers: quick and paper unless it lists more (lab). */
  scales?: readonly Scale[]
  /** Called only with a scale the preset offers (buildPreset checks). */
  build(scale: Scale): SweepSpecInput
  /** A boundary-search preset: which of its axes `find` searches along and what counts as a pass. */
  search?: SearchSettingsInput
  /** Where the paper itself puts k* (per outer value), drawn on the search's k* figure. */
  paperKStar?: readonly PaperKStar[]
}

export function presetScales(preset: Preset): Scale[] {
  const offered = preset.scales ?? ['quick', 'paper']
  return SCALES.filter((s) => offered.includes(s))
}

/** The preset's sweep at a scale; a SpecError naming the scales it has when it lacks this one. */
export function buildPreset(preset: Preset, scale: Scale): SweepSpecInput {
  const offered = presetScales(preset)
  if (!offered.includes(scale)) throw new SpecError(`preset ${preset.id} has no ${scale} scale (it has: ${offered.join(', ')})`)
  return preset.build(scale)
}

/**
 * A zod error as one line that names every bad field (`spec: student.width: at most 10,000`), unknown fields with
 * the nearest valid one when the schema is given.
 */
export function formatSpecError(error: z.ZodError, where = 'spec', schema?: Schema, input?: unknown): string {
  return formatIssues(issuesFrom(error, schema, input), where)
}

export class SpecError extends Error {}

/** Parse an experiment spec, throwing a SpecError whose message names every bad field. */
export function parseExperimentSpec(input: unknown, where = 'spec'): ExperimentSpec {
  const result = ExperimentSpec.safeParse(input)
  if (!result.success) throw new SpecError(formatSpecError(result.error, where, ExperimentSpec, input))
  return result.data
}
