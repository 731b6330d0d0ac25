/** The datasets service: preview and import a CSV recording (by upload, dialog handle or text), list, rename, delete. */
import { z } from 'zod'
import { type ColumnRole, RoleChoices } from '../../data/columnRoles'
import { BIN_WIDTH_RANGE } from '../../util/decimal'
import { Id, type ServiceCalls, type ServiceHandlers } from './contract'

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

export const datasetsRequests = {
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
} as const

export interface DatasetsAnswers {
  previewDataset: DatasetPreview
  importDataset: DatasetInfo
  chooseDatasetFile: { fileHandle: string; fileName: string } | null
  listDatasets: DatasetInfo[]
  getDataset: DatasetDetail
  renameDataset: DatasetInfo
  deleteDataset: { deleted: string }
}

export type DatasetsApi = ServiceCalls<typeof datasetsRequests, DatasetsAnswers>
export type DatasetsHandlers = ServiceHandlers<typeof datasetsRequests, DatasetsAnswers>
export type DatasetsRequest<M extends keyof typeof datasetsRequests> = z.output<(typeof datasetsRequests)[M]>
