/**
 * The import wizard's main-process half: preview a CSV (detected roles, first rows, every bad cell up to a cap)
 * without touching the store, and import it with the roles the user confirmed. The CSV comes as text, as a
 * browser-mode upload, or as a handle for a file the desktop app's own dialog chose (never as a path); all go through
 * the streaming parser and role detection of this module, and every message advises in the wizard's words.
 */
import { createHash } from 'node:crypto'
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { basename, join } from 'node:path'
import type { ColumnRole } from '../../src-shared/data/columnRoles'
import type { DatasetInfo, DatasetPreview, LabParsedRequest } from '../../src-shared/api/lab'
import type { Store } from '../store/store'
import { importCsv, type ImportOptions } from './importCsv'
import { CsvError, type CsvProblem, listColumns } from './csvError'
import { parseCsvToBinary } from './csvParse'
import { type ColumnProfile, decideRoles } from './roles'
import { readFirstRows } from './datasetFile'
import { APP_WORDS } from './importWords'
import { datasetInfo } from './manage'
import type { FileHandles } from '../lab/fileHandles'

const SAMPLE_ROWS = 5

type CsvSourceRequest = Pick<LabParsedRequest<'previewDataset'>, 'fileName' | 'content' | 'uploadId' | 'fileHandle'>

/** Where the service finds uploads (browser mode) and the files main's dialog chose (desktop app). */
export interface CsvSources {
  uploadDir?: string
  fileHandles?: FileHandles
}

/** Roles chosen in the wizard → the import's overrides. */
function roleOverrides(roles: Record<string, ColumnRole> | undefined): Omit<ImportOptions, 'name' | 'binWidth'> {
  if (!roles) return {}
  const named = (role: ColumnRole) => Object.keys(roles).filter((c) => roles[c] === role)
  const time = named('time')
  const neurons = named('neuron')
  const behavior = named('behavior')
  const ignore = named('ignore')
  return {
    time: time[0] ?? null,
    ...(neurons.length ? { neurons } : {}),
    ...(behavior.length ? { behavior } : {}),
    ...(ignore.length ? { ignore } : {}),
  }
}

/** The file a handle or upload names, or a CsvError; text has no file yet (null). */
function sourceFile(source: CsvSourceRequest, sources: CsvSources): string | null {
  if (source.content !== undefined) return null
  if (source.uploadId !== undefined) {
    if (!sources.uploadDir) throw new CsvError('uploads are only accepted in browser mode')
    const path = join(sources.uploadDir, `${source.uploadId}.csv`)
    if (!existsSync(path)) throw new CsvError(`${source.fileName}: the upload is gone (upload the file again)`)
    return path
  }
  const path = source.fileHandle === undefined ? undefined : sources.fileHandles?.resolve(source.fileHandle)
  if (path === undefined) throw new CsvError(`${source.fileName}: unknown file handle (choose the file again)`)
  if (!existsSync(path) || !statSync(path).isFile()) throw new CsvError(`${source.fileName}: the file is gone or is not a file`)
  return path
}

/** Run `fn` on the CSV as a file: text is written to a temporary copy; uploads and chosen files are read where they are. */
async function withCsvFile<T>(source: CsvSourceRequest, sources: CsvSources, fn: (path: string, scratch: string) => Promise<T>): Promise<T> {
  const scratch = mkdtempSync(join(tmpdir(), 'impulse-lab-wizard-'))
  try {
    let path = sourceFile(source, sources)
    if (path === null) {
      path = join(scratch, basename(source.fileName).replace(/[^\w.-]+/g, '_') || 'upload.csv')
      writeFileSync(path, source.content!)
    }
    return await fn(path, scratch)
  } finally {
    rmSync(scratch, { recursive: true, force: true })
  }
}

/** What a preview needs of a parse, kept so a role edit re-decides roles without reading the file again. */
interface PreviewParse {
  /** The file's identity (content hash, or path, size and modification time) and the columns not read. */
  source: string
  ignore: string[]
  header: string[]
  profiles: ColumnProfile[]
  rows: number
  /** The column the bin width was read from, or -1. */
  time: number
  binWidth: number | null
  notes: string[]
  problems: CsvProblem[]
  problemCount: number
  /** The first rows, row-major. */
  sample: Float64Array
}

/** Who the request's CSV is, without reading it: text by its hash, a file by its path, size and time. */
function sourceKey(request: CsvSourceRequest, sources: CsvSources): string {
  if (request.content !== undefined) return `text:${createHash('sha256').update(request.content).digest('hex')}`
  const path = sourceFile(request, sources)!
  const stat = statSync(path)
  return `file:${path}\0${stat.size}\0${stat.mtimeMs}`
}

/**
 * The wizard of one lab service. It keeps the last file it parsed for a preview: editing a role or the bin width
 * asks again with the same file, and is answered from the kept column profiles. The file is read again only when
 * it changed, or when a newly ignored column could change what was read (the column the bin width came from, or bad
 * cells beyond the listed cap).
 */
export class ImportWizard {
  private last: PreviewParse | null = null
  private reads = 0

  constructor(private readonly sources: CsvSources) {}

  /** How many times a preview read a file (a role edit should not). */
  get fileReads(): number {
    return this.reads
  }

  async preview(request: LabParsedRequest<'previewDataset'>): Promise<DatasetPreview> {
    const overrides = roleOverrides(request.roles)
    const ignore = overrides.ignore ?? []
    const parse = await this.parsed(request, ignore)
    const ignored = new Set(ignore)
    const warnings: string[] = []
    let roles: ColumnRole[]
    try {
      const decision = decideRoles(parse.profiles, overrides, basename(request.fileName), APP_WORDS)
      roles = decision.roles
      warnings.push(...decision.notes)
    } catch (error) {
      // Roles that cannot be decided yet (no behaviour column, say) are the user's to set: say why, keep the table.
      roles = parse.header.map((name) => request.roles?.[name] ?? 'ignore')
      warnings.push(error instanceof Error ? error.message : String(error))
    }
    if (ignore.length) warnings.push(`ignored (not read): ${listColumns(ignore)}`)
    const problems = parse.problems.filter((p) => p.column === null || !ignored.has(p.column))
    // the kept parse listed every bad cell (it is re-read otherwise), so the count is exact
    const problemCount = parse.ignore.length === ignore.length ? parse.problemCount : problems.length
    const chosenWidth = request.binWidth ?? parse.binWidth
    warnings.push(...parse.notes)
    if (chosenWidth === null) warnings.push('No time column: give the bin width in seconds')
    const width = parse.header.length
    const shown = parse.sample.length / width
    return {
      fileName: request.fileName,
      rows: parse.rows,
      columns: parse.header.map((name, c) => ({ name, role: roles[c], sample: Array.from({ length: shown }, (_, r) => parse.sample[r * width + c]) })),
      binWidth: chosenWidth ?? 0,
      durationSeconds: chosenWidth ? chosenWidth * parse.rows : 0,
      warnings,
      problems,
      problemCount,
    }
  }

  /** The kept parse when it answers for these ignored columns, else a new one (kept in its place). */
  private async parsed(request: CsvSourceRequest, ignore: string[]): Promise<PreviewParse> {
    const source = sourceKey(request, this.sources)
    const last = this.last
    if (last && last.source === source) {
      const same = last.ignore.length === ignore.length && last.ignore.every((c) => ignore.includes(c))
      const complete = last.ignore.length === 0 && last.problems.length === last.problemCount
      const timeKept = last.time < 0 || !ignore.includes(last.header[last.time])
      if (same || (complete && timeKept)) return last
    }
    const parse = await withCsvFile(request, this.sources, async (path, scratch) => {
      const bin = join(scratch, 'preview.bin')
      this.reads++
      const parsed = await parseCsvToBinary(path, bin, { ignore, collectProblems: true, words: APP_WORDS })
      const shown = Math.min(SAMPLE_ROWS, parsed.rows)
      const { header, profiles, rows, time, binWidth, notes, problems, problemCount } = parsed
      return { source, ignore, header, profiles, rows, time, binWidth, notes, problems, problemCount, sample: readFirstRows(bin, header.length, shown).slice() }
    })
    this.last = parse
    return parse
  }

  /** Import the CSV with the roles the user confirmed; errors advise in the wizard's words. */
  import(store: Store, request: LabParsedRequest<'importDataset'>): Promise<DatasetInfo> {
    return withCsvFile(request, this.sources, async (path) => {
      const options = { name: request.name, ...roleOverrides(request.roles), ...(request.binWidth ? { binWidth: request.binWidth } : {}) }
      // A chosen file is recorded where it lives; text and uploads only have the name the user picked.
      const source = request.fileHandle !== undefined ? path : `${request.fileName} (uploaded)`
      const report = await importCsv(store, path, options, { source, words: APP_WORDS })
      if (request.uploadId !== undefined) rmSync(path, { force: true })
      this.last = null
      return datasetInfo(report.dataset)
    })
  }
}
