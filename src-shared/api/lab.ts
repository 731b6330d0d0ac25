/**
 * LabApi: the one service the renderer talks to. Electron's preload exposes it as `window.lab` over `lab:` IPC
 * channels; browser mode implements it over HTTP + server-sent events. Every request payload has a zod schema here.
 */
import { z } from 'zod'
import { SCALES, SweepSpec, type ExperimentSpec, type Preset } from '../spec/experiment'
import { TeacherSpec } from '../spec/teacher'
import type { MetricValue, RunResult, Series } from './results'
import { type ColumnRole, RoleChoices } from '../data/columnRoles'
import type { Reproduction } from './reproduction'
import type { CurveBand } from '../analysis/curves'
import { RunStatusSchema, type RunStatus, type SweepStatus } from './status'
import { SearchRequest, type SearchBudget, type SearchView } from './search'
import { BIN_WIDTH_RANGE } from '../util/decimal'

export const LAB_CHANNEL_PREFIX = 'lab:'
/** The one channel main pushes events on (progress, finished runs and sweeps, menu commands). */
export const LAB_EVENT_CHANNEL = 'lab:event'

export { RunStatusSchema, RUN_STATUSES, SweepStatusSchema, SWEEP_STATUSES, type RunStatus, type SweepStatus } from './status'

/** A preset as the renderer sees it: the `Preset` without its build function, `needsDataset` always present. */
export type PresetInfo = Required<Omit<Preset, 'build' | 'search' | 'paperKStar'>> & Pick<Preset, 'search' | 'paperKStar'>

export interface TeacherPreview {
  /** Impulse response h_j for j < horizon of output 0 / input 0; null for nonlinear teachers. */
  impulse: number[] | null
  /** Eigenvalues of A (re, im); empty for nonlinear teachers. */
  eigenvalues: Array<{ re: number; im: number }>
  /** Singular values of the Hankel matrix of the impulse response, descending. */
  hankelSingularValues: number[]
  /** Singular values above this fraction of the largest count towards the effective state dimension. */
  hankelRelativeThreshold: number
  /** Number of Hankel singular values above the threshold: the effective state dimension. */
  effectiveDim: number
  /** The teacher's matrices (A, B, C) where it has them, so the designer can turn a kind into explicit matrices. */
  matrices: { A: number[][]; B: number[][]; C: number[][] } | null
  warnings: string[]
}

export interface SavedTeacher {
  name: string
  teacher: TeacherSpec
  createdAt: string
}

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

export interface RunRow {
  id: string
  sweepId: string
  index: number
  status: RunStatus
  params: Record<string, unknown>
  /** 0..1 */
  progress: number
  step: number | null
  totalSteps: number | null
  loss: number | null
  finalLoss: number | null
  elapsedMs: number | null
  etaSeconds: number | null
  /** Why the run failed or was cancelled ("interrupted", "worker killed by SIGKILL", an error message). */
  reason: string | null
  /** When its sweep was created (ISO). */
  createdAt: string | null
  /** Markdown, or null. */
  note: string | null
  tags: string[]
  /** In the trash (itself, or its sweep). */
  deleted: boolean
  /** The requested columns (listRuns `columns`): metric values, else param values by spec path. */
  values: Record<string, CellValue>
}

/** A value in a params or metrics column of the runs table. */
export type CellValue = number | string | boolean | null

/** The optional columns the runs table can show. */
export interface RunColumns {
  /** Spec paths and variant-axis names. */
  params: string[]
  /** Scalar metric names. */
  metrics: string[]
}

/** How many runs and sweeps a delete, restore or purge changed. */
interface TrashChange {
  runs: number
  sweeps: number
}

export interface RunPage {
  total: number
  offset: number
  rows: RunRow[]
}

export interface RunDetail {
  run: RunRow
  sweepTitle: string
  spec: ExperimentSpec
  result: RunResult | null
  /** The live loss curve while the run trains (step, loss), from progress messages. */
  liveCurve: Series | null
  /** Eigenvalues of the stored teacher's A (when it has one), for the eigenvalue chart. */
  teacherEigenvalues: Array<{ re: number; im: number }> | null
}

export interface GroupPoint {
  value: unknown
  mean: number
  std: number
  /** Robust to one outlying seed (an unstable teacher's tail can dominate a mean of a few). */
  median: number
  n: number
  /** Runs of this group left out of the statistics because they never fitted their training lengths (train_fitted = 0). */
  unfitted: number
}

export interface CompareResult {
  runs: Array<{ id: string; label: string; sweepId: string; sweepTitle?: string; status: RunStatus; params: Record<string, unknown> }>
  /** Params that vary across the compared runs. */
  params: string[]
  /** Scalar metric names present in any compared run. */
  metrics: string[]
  /** Metric values by run id (scalars only). */
  values: Record<string, Record<string, number | null>>
  /** Every run trains on a finite set, so curves can be put on an epoch axis (population-loss runs cannot). */
  epochs: boolean
  /** Keys `groupBy`/`splitBy` accept: `sweep`, `tags`, swept params, then the other spec paths that differ. */
  groupKeys: string[]
  /** Grouped by `groupBy` (x): one line per metric (and per `splitBy` value, its `group`), mean ± std over the rest. */
  groups: { param: string; split?: string; lines: Array<{ metric: string; group?: unknown; points: GroupPoint[] }> } | null
  heatmap: { x: string; y: string; xValues: unknown[]; yValues: unknown[]; metric: string; z: Array<Array<number | null>> } | null
  /** Overlaid curves: the first `maxCurves` finished runs. */
  curves: Array<{ runId: string; label: string; series: Series }>
  /** How many finished runs have the curve (all of them go into `bands`). */
  curveCount: number
  /** With groupBy: each group's curves on one x grid as mean ± std, median and min–max. */
  bands: { param: string; groups: CurveBand[] } | null
  /** Series names the first finished run has, to pick which curve to overlay. */
  curveNames: string[]
  /** Spec paths whose values differ between the runs, with each run's value. */
  diff: Array<{ path: string; values: Record<string, unknown> }>
  /** R² per output column for runs that report `r2`. */
  r2: { columns: string[]; rows: Array<{ runId: string; label: string; values: Record<string, number | null> }> }
}

interface DatasetColumnPreview {
  name: string
  role: ColumnRole
  /** Up to the first rows, for the wizard's table. */
  sample: number[]
}

/** One bad cell (or ragged row) of a CSV, by its line in the file (1 = header) and column. */
export interface CsvProblem {
  line: number
  column: string | null
  message: string
}

export interface DatasetPreview {
  fileName: string
  rows: number
  columns: DatasetColumnPreview[]
  binWidth: number
  durationSeconds: number
  warnings: string[]
  /** Every bad cell up to a cap (import is refused while there are any; ignoring their column clears them). */
  problems: CsvProblem[]
  /** All bad cells, listed or not. */
  problemCount: number
}

/** A stored dataset with its columns, first rows and the runs that use it (a dataset in use is not deleted). */
export interface DatasetDetail extends DatasetInfo {
  source: string | null
  columns: DatasetColumnPreview[]
  notes: string[]
  usedBy: { runs: string[]; total: number }
}

export interface DatasetInfo {
  id: string
  name: string
  rows: number
  binWidth: number
  neurons: number
  behavior: string[]
  createdAt: string
}

interface ExportFile {
  fileName: string
  mimeType: string
  content: string
}

export interface AppInfo {
  version: string
  mode: 'electron' | 'browser'
  dbPath: string
  workers: number
}

/** Slurm: a sweep exported as a job directory with an sbatch job array. */
export interface ClusterExport {
  dir: string
  script: string
  jobId: string
  runs: number
  tasks: number
  /** Slurm's job id when "submit now" ran sbatch. */
  submittedJobId: string | null
}

/** What a job directory holds right now (src-main/slurm `slurmJobStatus`). */
export interface ClusterJobStatus {
  jobId: string
  title: string
  runs: number
  tasks: number
  /** Task ids by state: all runs done, some run failed, no usable result yet. */
  finished: number[]
  failed: number[]
  pending: number[]
}

/** A Slurm job's finished tasks merged into the store as one sweep (src-main/slurm `mergeSlurmJob`). */
export interface ClusterMerge {
  jobId: string
  /** The job directory, resolved. */
  dir: string
  sweepId: string
  /** Was the sweep created by this merge (false: an earlier merge of the same job created it)? */
  created: boolean
  runs: number
  /** Runs done in the store after the merge, and those this merge brought in. */
  done: number
  imported: number
  failed: Array<{ task: number; index: number; reason: string }>
  /** Tasks with no usable result file (never ran, still running, killed, or unreadable), with their runs. */
  missing: Array<{ task: number; indices: number[]; reason: string }>
  warnings: string[]
}

export type LabEvent =
  | { type: 'progress'; sweepId: string; runId: string; step: number; totalSteps: number; loss: number | null }
  | { type: 'run-finished'; sweepId: string; runId: string; status: RunStatus; reason: string | null }
  | { type: 'sweep-finished'; sweepId: string; title: string; status: SweepStatus; counts: Record<RunStatus, number> }
  | { type: 'sweep-changed'; sweepId: string }
  | { type: 'command'; command: AppCommand }

/** Things the desktop menu (or a dropped file) asks the renderer to do. */
export type AppCommand =
  | { kind: 'new-sweep' }
  | { kind: 'cancel' }
  | { kind: 'export' }
  | { kind: 'import-csv'; fileName: string; fileHandle: string }
  | { kind: 'navigate'; view: string }

export type Unsubscribe = () => void

// Request schemas: one per method that takes a payload, validated by IPC and HTTP handlers alike.
const Scale = z.enum(SCALES)
const Id = z.string().min(1).max(200)
/**
 * Where a CSV to preview or import is: its text (small files), an upload id (browser mode streams the file to the
 * server first: POST /api/upload), or a handle the desktop app's main process made when its own open dialog chose the
 * file. Never a path: the API reads uploads and stored datasets only (paths are the CLI's).
 */
const CsvSource = {
  fileName: z.string().min(1).max(300),
  content: z.string().min(1).optional(),
  uploadId: z.string().regex(/^[0-9a-f]{24}$/, 'expected an upload id').optional(),
  fileHandle: z.string().regex(/^[0-9a-f]{32}$/, 'expected a file handle').optional(),
  path: z.undefined({ error: 'a path is not accepted: upload the file (or pick it in the desktop app)' }).optional(),
}
/** Seconds per bin, in the range the importer and `--bin-width` enforce (a finite number: zod refuses NaN and ±Infinity). */
const BIN_WIDTH_MESSAGE = `expected a bin width from ${BIN_WIDTH_RANGE.min} to ${BIN_WIDTH_RANGE.max} seconds`
const BinWidth = z.number({ error: BIN_WIDTH_MESSAGE }).refine((s) => s >= BIN_WIDTH_RANGE.min && s <= BIN_WIDTH_RANGE.max, BIN_WIDTH_MESSAGE)
const oneCsvSource = (r: { content?: string; uploadId?: string; fileHandle?: string }) => [r.content, r.uploadId, r.fileHandle].filter((x) => x !== undefined).length === 1
const CSV_SOURCE_MESSAGE = { message: 'give exactly one of content, uploadId or fileHandle' }

/** Values that reach a Slurm script or a folder name: strict patterns, so none can carry a newline, `$(…)` or `..`. */
const SlurmName = z.string().regex(/^[A-Za-z0-9_][A-Za-z0-9_.+-]{0,63}$/, 'expected a Slurm name: letters, digits, _ . + -')
const ClusterJobName = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$/, 'expected a job name: letters, digits, _ . - (no slashes)')

export const labRequests = {
  appInfo: z.object({}),
  listPresets: z.object({}),
  getPreset: z.object({ id: Id, scale: Scale.default('quick') }),
  /** A preset's sweep, built by main; a preset on a recording runs on `dataset` (a stored dataset's id), else the newest import. */
  launchPreset: z.object({ id: Id, scale: Scale.default('quick'), dataset: Id.optional() }),
  previewTeacher: z.object({ teacher: TeacherSpec, horizon: z.number().int().min(2).max(2000).default(60) }),
  listTeachers: z.object({}),
  saveTeacher: z.object({ name: z.string().trim().min(1).max(100), teacher: TeacherSpec }),
  deleteTeacher: z.object({ name: z.string().min(1).max(100) }),
  planSweep: z.object({ sweep: SweepSpec }),
  launchSweep: z.object({
    sweep: SweepSpec,
    preset: z.string().max(200).nullable().default(null),
    scale: Scale.nullable().default(null),
  }),
  cancelSweep: z.object({ sweepId: Id }),
  resumeSweep: z.object({ sweepId: Id }),
  exportSweep: z.object({ sweepId: Id, format: z.enum(['csv', 'json']) }),
  listSweeps: z.object({ trash: z.boolean().default(false) }),
  listRuns: z.object({
    sweepId: Id.optional(),
    status: RunStatusSchema.optional(),
    /** A run query (src-shared/query/runQuery.ts): `data.length >= 12 and extrapolation_error < 0.1 and tag:good`. */
    query: z.string().max(2000).default(''),
    sort: z.object({ key: z.string().min(1).max(200), dir: z.enum(['asc', 'desc']) }).optional(),
    /** Param paths and metric names whose values each row's `values` carries. */
    columns: z.array(z.string().min(1).max(200)).max(50).default([]),
    /** The trash instead of everything else. */
    trash: z.boolean().default(false),
    offset: z.number().int().min(0).default(0),
    limit: z.number().int().min(1).max(1000).default(100),
  }),
  listRunColumns: z.object({}),
  editTags: z.object({
    id: Id,
    add: z.array(z.string().min(1).max(60)).max(50).default([]),
    remove: z.array(z.string().min(1).max(60)).max(50).default([]),
  }),
  setNote: z.object({ id: Id, note: z.string().max(100_000).nullable() }),
  renameSweep: z.object({ sweepId: Id, title: z.string().max(300) }),
  /** Runs and sweeps to the trash; restoreItems brings them back; purgeTrash removes them (all of the trash without ids). */
  deleteItems: z.object({ ids: z.array(Id).min(1).max(10000) }),
  restoreItems: z.object({ ids: z.array(Id).min(1).max(10000) }),
  /** dryRun: count what would go (the confirmation before emptying the trash) without removing anything. */
  purgeTrash: z.object({ ids: z.array(Id).min(1).max(10000).optional(), dryRun: z.boolean().optional() }),
  getRun: z.object({ runId: Id }),
  cancelRun: z.object({ runId: Id }),
  rerun: z.object({ runId: Id, changes: z.record(z.string(), z.unknown()).default({}) }),
  compare: z.object({
    sweepId: Id.optional(),
    runIds: z.array(Id).max(10000).optional(),
    groupBy: z.string().max(200).optional(),
    /** Lines and bands per value of this key (`sweep`, `tags` or a spec path), each against `groupBy`. */
    splitBy: z.string().max(200).optional(),
    metrics: z.array(z.string().max(100)).max(8).default(['final_loss']),
    heatmap: z.object({ x: z.string(), y: z.string(), metric: z.string() }).optional(),
    curve: z.string().max(100).default('loss_curve'),
    /** At most this many curves are overlaid (the first runs); every run's curve goes into the group bands. */
    maxCurves: z.number().int().min(0).max(200).default(30),
    /** EMA weight for the curves (TensorBoard's smoothing slider): 0 = raw. */
    smoothing: z.number().min(0).max(0.999).default(0),
    /** The curves' x: `step` as stored, `epoch`, or the name of another series whose values become x. */
    xAxis: z.string().min(1).max(100).default('step'),
  }),
  previewDataset: z
    .object({ ...CsvSource, roles: RoleChoices.optional(), binWidth: BinWidth.optional() })
    .refine(oneCsvSource, CSV_SOURCE_MESSAGE),
  importDataset: z
    .object({ ...CsvSource, name: z.string().trim().min(1).max(100), roles: RoleChoices.optional(), binWidth: BinWidth.optional() })
    .refine(oneCsvSource, CSV_SOURCE_MESSAGE),
  /** The desktop app's own open dialog (main runs it): a handle for the file chosen, never a path either way. */
  chooseDatasetFile: z.strictObject({}),
  listDatasets: z.object({}),
  /** A dataset by id or name, with its first `rows` rows. */
  getDataset: z.object({ ref: Id, rows: z.number().int().min(0).max(200).default(10) }),
  renameDataset: z.object({ id: Id, name: z.string().trim().min(1).max(100) }),
  /** Refused while a run uses the dataset (the error names the runs). */
  deleteDataset: z.object({ id: Id }),
  exportToCluster: z.object({
    sweepId: Id,
    /** The job's folder, by name, under the store's cluster-jobs folder (created; must not exist or be empty). */
    name: ClusterJobName,
    chunk: z.number().int().min(1).max(100000).default(1),
    partition: SlurmName.optional(),
    account: SlurmName.optional(),
    time: z.string().regex(/^(\d{1,3}-)?\d{1,2}:[0-5]\d:[0-5]\d$/, 'expected [D-]HH:MM:SS').optional(),
    submit: z.boolean().default(false),
  }),
  clusterJobStatus: z.object({ name: ClusterJobName }),
  mergeClusterJob: z.object({ name: ClusterJobName }),
  /** The Reproduce view: every preset's (or the named presets') latest sweep at the scale, its claims' verdicts and its figures. */
  reproduction: z.object({ scale: Scale.default('quick'), presets: z.array(Id).max(200).optional() }),
  /** The reproduction report as one self-contained HTML file (the same as `impulse-lab report`). */
  exportReport: z.object({ scale: Scale.default('quick'), presets: z.array(Id).max(200).default([]) }),
  /** Boundary searches (the Sweep builder's "Find transition" mode): budget before launch, launch, live state. */
  planSearch: z.object({ search: SearchRequest }),
  launchSearch: z.object({ search: SearchRequest, preset: Id.nullable().default(null), scale: Scale.nullable().default(null) }),
  getSearch: z.object({ sweepId: Id }),
} as const

export type LabMethod = keyof typeof labRequests
export type LabRequest<M extends LabMethod> = z.input<(typeof labRequests)[M]>
export type LabParsedRequest<M extends LabMethod> = z.output<(typeof labRequests)[M]>

/** What each method resolves to. */
export interface LabResponses {
  appInfo: AppInfo
  listPresets: PresetInfo[]
  getPreset: { preset: PresetInfo; sweep: SweepSpec }
  launchPreset: SweepSummary
  previewTeacher: TeacherPreview
  listTeachers: SavedTeacher[]
  saveTeacher: SavedTeacher
  deleteTeacher: { deleted: boolean }
  planSweep: SweepPlan
  launchSweep: SweepSummary
  cancelSweep: SweepSummary
  resumeSweep: SweepSummary
  exportSweep: ExportFile
  listSweeps: SweepSummary[]
  listRuns: RunPage
  listRunColumns: RunColumns
  editTags: { tags: string[] }
  setNote: { note: string | null }
  renameSweep: SweepSummary
  deleteItems: TrashChange
  restoreItems: TrashChange
  purgeTrash: TrashChange
  getRun: RunDetail
  cancelRun: RunRow
  rerun: SweepSummary
  compare: CompareResult
  previewDataset: DatasetPreview
  importDataset: DatasetInfo
  chooseDatasetFile: { fileHandle: string; fileName: string } | null
  listDatasets: DatasetInfo[]
  getDataset: DatasetDetail
  renameDataset: DatasetInfo
  deleteDataset: { deleted: string }
  exportToCluster: ClusterExport
  clusterJobStatus: ClusterJobStatus
  mergeClusterJob: ClusterMerge
  reproduction: Reproduction
  exportReport: ExportFile
  planSearch: SearchBudget
  launchSearch: SearchView
  getSearch: SearchView
}

/** The request/response half of LabApi: one async method per entry of `labRequests`. */
export type LabCalls = { [M in LabMethod]: (request: LabRequest<M>) => Promise<LabResponses[M]> }

/** What main implements: the same methods, receiving payloads already validated (defaults filled in). */
export type LabHandlers = { [M in LabMethod]: (request: LabParsedRequest<M>) => Promise<LabResponses[M]> }

/** The event half: VS Code-style `onXxx(listener)` returning an unsubscribe function. */
export interface LabEvents {
  onProgress(listener: (event: Extract<LabEvent, { type: 'progress' }>) => void): Unsubscribe
  onRunFinished(listener: (event: Extract<LabEvent, { type: 'run-finished' }>) => void): Unsubscribe
  onSweepFinished(listener: (event: Extract<LabEvent, { type: 'sweep-finished' }>) => void): Unsubscribe
  onSweepChanged(listener: (event: Extract<LabEvent, { type: 'sweep-changed' }>) => void): Unsubscribe
  onCommand(listener: (command: AppCommand) => void): Unsubscribe
}

export type LabApi = LabCalls & LabEvents

export const labMethods = Object.keys(labRequests) as LabMethod[]

export function isLabMethod(name: string): name is LabMethod {
  return Object.prototype.hasOwnProperty.call(labRequests, name)
}

/**
 * Scalar metrics (numbers and nulls) for tables and grouping; numbers keyed by output column are flattened to
 * `name.column` (`r2_conv1d.vel_x`), so every per-model R² can be picked like any scalar.
 */
export function scalarMetrics(metrics: Record<string, MetricValue>): Record<string, number | null> {
  const out: Record<string, number | null> = {}
  for (const [name, value] of Object.entries(metrics)) {
    if (typeof value === 'number' || value === null) out[name] = value
    else if (!Array.isArray(value)) for (const [key, v] of Object.entries(value)) out[`${name}.${key}`] = v
  }
  return out
}
