/**
 * LabApi's implementation on the run store and the scheduler, independent of transport: Electron IPC and the
 * browser-mode HTTP server both dispatch validated requests here, and the Node tests call it the same way.
 */
import type {
  AppInfo,
  LabEvent,
  LabHandlers,
  LabParsedRequest as Req,
  PresetInfo,
  SweepSummary,
} from '../../src-shared/api/lab'
import type { Series } from '../../src-shared/api/results'
import { presets, findPreset } from '../../src-shared/presets'
import { buildPreset, presetScales, type Preset } from '../../src-shared/spec/experiment'
import { cloneJson, parseSweepSpec, setPath, validSweep } from '../../src-shared/spec/sweep'
import { formatIssues, pathIssue } from '../../src-shared/spec/issues'
import { ExperimentSpec, SpecError } from '../../src-shared/spec/experiment'
import { runMemoryLimit } from '../runner/memoryLimit'
import { editTags, itemKind, listRunColumns, purgeTrash, trashCounts, renameSweep, restoreItems, setNote, trashItems, type Store, type StoredRun, type StoredSweepSummary } from '../store'
import type { Scheduler } from '../runner'
import { Emitter } from '../../src-shared/util/emitter'
import { compareRuns } from './compareRuns'
import { estimateSeconds, type Calibration } from '../../src-shared/analysis/estimate'
import { machineRatesNow, type StoredMachineRates } from './costCalibration'
import { storeCalibration } from './estimateCalibration'
import { userDataDir } from '../store/paths'
import { SweepEstimates } from './sweepEstimates'
import { specsFor } from '../store/results'
import { exportSweep } from '../store/export'
import { previewTeacher } from './teacherPreview'
import { toRunDetail, toRunRow, toSweepSummary } from './apiShapes'
import { TeacherLibrary } from './teacherLibrary'
import type { FileHandles } from './fileHandles'
import { requireStoredDatasets } from '../datasets/refs'
import { presetRunSpecs } from './presetRuns'
import { presetSweep } from './presetLaunch'
import { datasetDetail, deleteStoredDataset, listDatasetInfos, renameStoredDataset } from '../datasets/manage'
import { ImportWizard } from '../datasets/wizard'
import { clusterJobDir, exportStoredSweep, mergeSlurmJob, slurmJobStatus, submitScript } from '../slurm'
import { buildReproduction } from '../report/reproduction'
import { reportHtml } from '../report/html'
import { codeVersion } from '../runner'
import { isSearchRound, launchSearch, resumeIfSearch, searchBudget, searchView } from './searchService'

interface LabServiceOptions {
  mode: AppInfo['mode']
  version: string
  /** Browser mode: the folder the server streams CSV uploads into (`<uploadId>.csv`). */
  uploadDir?: string
  /** Desktop app: the files main's open dialog chose, by handle. */
  fileHandles?: FileHandles
  /** This machine's cost-model rates and the load they were measured under (default: measured once per machine, kept beside the settings). */
  rates?: () => StoredMachineRates
}

/** A lookup that found nothing: 404 over HTTP, the message in the app. */
function notFound(what: string): Error {
  return Object.assign(new Error(what), { status: 404 })
}

/** Progress curves kept for the run detail's live chart; halved when full so memory stays bounded. */
const LIVE_POINTS = 2000
const CALIBRATION_TTL_MS = 10_000

function presetInfo(p: Preset): PresetInfo {
  return { id: p.id, title: p.title, paper: p.paper, sweeps: p.sweeps, description: p.description, expected: p.expected, needsDataset: p.needsDataset ?? false, scales: presetScales(p), ...(p.search ? { search: p.search } : {}) }
}

export class LabService implements LabHandlers {
  private readonly events = new Emitter<LabEvent>()
  /** Subscribe to every event (progress, finished runs and sweeps, menu commands). */
  readonly subscribe = this.events.event
  private readonly live = new Map<string, { x: number[]; y: number[] }>()
  private readonly teachers: TeacherLibrary
  private readonly unsubscribe: Array<() => void>
  private calibration: { at: number; value: Calibration } | null = null
  private readonly sweepEstimates: SweepEstimates
  private readonly importWizard: ImportWizard

  constructor(
    readonly store: Store,
    readonly scheduler: Scheduler,
    private readonly options: LabServiceOptions,
  ) {
    this.teachers = new TeacherLibrary(store.dataDir)
    this.sweepEstimates = new SweepEstimates(store.dataDir)
    this.importWizard = new ImportWizard(options)
    this.unsubscribe = [
      scheduler.onProgress((e) => {
        this.recordLive(e.runId, e.step, e.loss)
        this.events.fire({ type: 'progress', sweepId: e.sweepId, runId: e.runId, step: e.step, totalSteps: e.totalSteps, loss: e.loss })
      }),
      scheduler.onRunFinished((e) => {
        this.live.delete(e.runId)
        this.events.fire({ type: 'run-finished', sweepId: e.sweepId, runId: e.runId, status: e.status, reason: e.reason })
      }),
      scheduler.onSweepFinished((e) => {
        if (isSearchRound(store, e.sweepId)) return // one event when the search ends, not one per round
        this.events.fire({ type: 'sweep-finished', sweepId: e.sweepId, title: e.summary.title, status: e.status, counts: e.summary.counts })
      }),
    ]
  }

  /** Events main raises itself (menu commands, dropped files) go out on the same stream. */
  emit(event: LabEvent): void {
    this.events.fire(event)
  }

  dispose(): void {
    for (const stop of this.unsubscribe) stop()
  }

  private recordLive(runId: string, step: number, loss: number | null): void {
    if (loss === null) return
    let curve = this.live.get(runId)
    if (!curve) this.live.set(runId, (curve = { x: [], y: [] }))
    curve.x.push(step)
    curve.y.push(loss)
    if (curve.x.length > LIVE_POINTS) {
      curve.x = curve.x.filter((_, i) => i % 2 === 0)
      curve.y = curve.y.filter((_, i) => i % 2 === 0)
    }
  }

  /**
   * The sweep's ETA: the work left (queued runs, plus what running runs have not done yet) at this sweep's mean run
   * time, or before any run finished, at the estimate from runs of the same kind on this machine.
   */
  private sweepSummary(summary: StoredSweepSummary): SweepSummary {
    const remaining = summary.counts.queued + summary.counts.running
    let etaSeconds: number | null = null
    if (remaining > 0) {
      const running = summary.counts.running ? this.store.listRuns({ sweepId: summary.id, status: 'running', limit: 64 }).runs : []
      const runningLeft = running.reduce((a, r) => a + (r.totalSteps ? 1 - (r.step ?? 0) / r.totalSteps : 1), 0)
      const work = summary.counts.queued + runningLeft
      let perRun: number
      if (summary.counts.done > 0) {
        const done = this.store.listRuns({ sweepId: summary.id, status: 'done', limit: 50 }).runs
        perRun = done.reduce((a, r) => a + (r.elapsedMs ?? 0), 0) / Math.max(1, done.length) / 1000
      } else {
        const waiting = this.store.listRuns({ sweepId: summary.id, status: ['queued', 'running'], limit: 50 }).runs
        const specs = [...specsFor(this.store.db, waiting.map((r) => r.id)).values()]
        perRun = estimateSeconds(specs, this.currentCalibration(), 1).perRun
      }
      etaSeconds = (perRun * work) / Math.max(1, Math.min(this.scheduler.workers, remaining))
    }
    const timing = remaining === 0 ? this.sweepEstimates.timing(this.store, summary.id) : null
    return { ...toSweepSummary(summary, this.store.getSweep(summary.id)?.spec, etaSeconds), timing }
  }

  private summaryOf(sweepId: string): SweepSummary {
    const summary = this.store.getSweepSummary(sweepId)
    if (!summary) throw notFound(`no sweep "${sweepId}"`)
    return this.sweepSummary(summary)
  }

  async appInfo(): Promise<AppInfo> {
    return { version: this.options.version, mode: this.options.mode, dbPath: this.store.file, workers: this.scheduler.workers }
  }

  async listPresets() {
    return presets.map(presetInfo)
  }

  async getPreset(request: Req<'getPreset'>) {
    const preset = findPreset(request.id)
    if (!preset) throw notFound(`no preset "${request.id}"`)
    return { preset: presetInfo(preset), sweep: parseSweepSpec(buildPreset(preset, request.scale), `preset ${preset.id}`) }
  }

  async launchPreset(request: Req<'launchPreset'>) {
    return this.launchSweep({ sweep: presetSweep(this.store, request), preset: request.id, scale: request.scale })
  }

  async previewTeacher(request: Req<'previewTeacher'>) {
    return previewTeacher(request.teacher, request.horizon)
  }

  async listTeachers() {
    return this.teachers.list()
  }

  async saveTeacher(request: Req<'saveTeacher'>) {
    previewTeacher(request.teacher, 4)
    return this.teachers.save(request.name, request.teacher)
  }

  async deleteTeacher(request: Req<'deleteTeacher'>) {
    return { deleted: this.teachers.remove(request.name) }
  }

  /**
   * The cost model at this machine's rates, corrected per kind by this store's recently finished runs (cached:
   * planning runs on every edit). Enough recent runs are read that a kind run an hour ago is still found.
   */
  private currentCalibration(): Calibration {
    if (this.calibration && Date.now() - this.calibration.at < CALIBRATION_TTL_MS) return this.calibration.value
    const stored = this.options.rates?.() ?? machineRatesNow(userDataDir(), this.scheduler.createWorker)
    this.calibration = { at: Date.now(), value: storeCalibration(this.store, stored, this.scheduler.workers) }
    return this.calibration.value
  }

  async planSweep(request: Req<'planSweep'>) {
    const { runs } = validSweep(request.sweep, runMemoryLimit())
    requireStoredDatasets(this.store, runs)
    const estimate = estimateSeconds(runs.map((r) => r.spec), this.currentCalibration(), this.scheduler.workers)
    return {
      runs: runs.length,
      estimatedSeconds: estimate.total,
      perRunSeconds: estimate.perRun,
      workers: this.scheduler.workers,
      axes: request.sweep.axes.map((a) => ('path' in a ? { name: a.path, values: a.values } : { name: a.name, values: a.variants.map((v) => v.label) })),
      seeds: request.sweep.seeds,
    }
  }

  async launchSweep(request: Req<'launchSweep'>) {
    const { runs } = validSweep(request.sweep, runMemoryLimit())
    requireStoredDatasets(this.store, runs)
    const { sweepId } = await this.scheduler.submit({ sweep: request.sweep, preset: request.preset, scale: request.scale })
    this.sweepEstimates.record(sweepId, estimateSeconds(runs.map((r) => r.spec), this.currentCalibration(), this.scheduler.workers).total)
    this.events.fire({ type: 'sweep-changed', sweepId })
    return this.summaryOf(sweepId)
  }

  async cancelSweep(request: Req<'cancelSweep'>) {
    this.summaryOf(request.sweepId)
    this.scheduler.cancelSweep(request.sweepId)
    this.events.fire({ type: 'sweep-changed', sweepId: request.sweepId })
    return this.summaryOf(request.sweepId)
  }

  async resumeSweep(request: Req<'resumeSweep'>) {
    this.summaryOf(request.sweepId)
    if (!resumeIfSearch(this.store, this.scheduler, request.sweepId, (event) => this.events.fire(event))) this.scheduler.resume(request.sweepId)
    this.events.fire({ type: 'sweep-changed', sweepId: request.sweepId })
    return this.summaryOf(request.sweepId)
  }

  async planSearch(request: Req<'planSearch'>) {
    return searchBudget(request.search, this.currentCalibration(), this.scheduler.workers)
  }

  async launchSearch(request: Req<'launchSearch'>) {
    return launchSearch(this.store, this.scheduler, request.search, request, (event) => this.events.fire(event))
  }

  async getSearch(request: Req<'getSearch'>) {
    return searchView(this.store, request.sweepId)
  }

  async exportSweep(request: Req<'exportSweep'>) {
    this.summaryOf(request.sweepId)
    return exportSweep(this.store, request.sweepId, request.format)
  }

  async listSweeps(request: Req<'listSweeps'>) {
    return this.store.listSweeps({ trash: request.trash }).map((s) => this.sweepSummary(s))
  }

  /** One page of runs, filtered by the run query and sorted, both in SQL (a bad query is a 400 naming its column). */
  async listRuns(request: Req<'listRuns'>) {
    const page = this.store.listRuns({
      sweepId: request.sweepId,
      status: request.status,
      where: request.query,
      sort: request.sort,
      trash: request.trash,
      columns: request.columns,
      limit: request.limit,
      offset: request.offset,
    })
    return { total: page.total, offset: request.offset, rows: page.runs.map((r) => toRunRow(r, { values: page.values[r.id], deleted: request.trash })) }
  }

  async listRunColumns() {
    return listRunColumns(this.store.db)
  }

  async editTags(request: Req<'editTags'>) {
    const tags = editTags(this.store, request.id, request)
    this.changed(request.id)
    return { tags }
  }

  async setNote(request: Req<'setNote'>) {
    setNote(this.store, request.id, request.note)
    this.changed(request.id)
    const note = itemKind(this.store, request.id) === 'run' ? this.store.getRun(request.id)!.note : this.store.getSweep(request.id)!.note
    return { note }
  }

  async renameSweep(request: Req<'renameSweep'>) {
    renameSweep(this.store, request.sweepId, request.title)
    this.changed(request.sweepId)
    return this.summaryOf(request.sweepId)
  }

  async deleteItems(request: Req<'deleteItems'>) {
    const change = trashItems(this.store, request.ids)
    for (const id of request.ids) this.changed(id)
    return change
  }

  async restoreItems(request: Req<'restoreItems'>) {
    const change = restoreItems(this.store, request.ids)
    for (const id of request.ids) this.changed(id)
    return change
  }

  async purgeTrash(request: Req<'purgeTrash'>) {
    if (request.dryRun && !request.ids) return trashCounts(this.store)
    if (request.dryRun) throw new SpecError('dryRun counts the whole trash: give no ids')
    return purgeTrash(this.store, request.ids)
  }

  /** Tell every window a run's or sweep's listing changed. */
  private changed(id: string): void {
    const sweepId = itemKind(this.store, id) === 'run' ? this.store.getRun(id)!.sweepId : id
    this.events.fire({ type: 'sweep-changed', sweepId })
  }

  async getRun(request: Req<'getRun'>) {
    const detail = this.store.getRunDetail(request.runId)
    if (!detail) throw notFound(`no run ${request.runId} in this store`)
    const live = this.live.get(detail.id)
    const liveCurve: Series | null = live ? { x: [...live.x], y: [...live.y] } : null
    return toRunDetail(detail, this.store.getSweep(detail.sweepId)?.title ?? detail.sweepId, liveCurve)
  }

  async cancelRun(request: Req<'cancelRun'>) {
    if (!this.store.getRun(request.runId)) throw notFound(`no run "${request.runId}"`)
    this.scheduler.cancelRun(request.runId)
    return toRunRow(this.store.getRun(request.runId)!)
  }

  async rerun(request: Req<'rerun'>) {
    const row = this.store.getRun(request.runId)
    const spec = this.store.getRunSpec(request.runId)
    if (!row || !spec) throw notFound(`no run "${request.runId}"`)
    const sweep = this.store.getSweep(row.sweepId)
    const base = cloneJson(spec) as unknown as Record<string, unknown>
    for (const [path, value] of Object.entries(request.changes)) {
      const issue = pathIssue(ExperimentSpec, path)
      if (issue) throw new SpecError(formatIssues([issue], 'changes'))
      setPath(base, path, value)
    }
    const changed = Object.entries(request.changes).map(([p, v]) => `${p}=${JSON.stringify(v)}`).join(', ')
    const rerun = { title: `Re-run of ${row.id}${changed ? ` (${changed})` : ''}`, base, axes: [], seeds: [Number(base.seed ?? 0)] }
    requireStoredDatasets(this.store, validSweep(rerun, { where: 'changes', ...runMemoryLimit() }).runs)
    const { sweepId } = await this.scheduler.submit({
      sweep: rerun,
      preset: sweep?.preset ?? null,
      scale: sweep?.scale ?? null,
    })
    this.events.fire({ type: 'sweep-changed', sweepId })
    return this.summaryOf(sweepId)
  }

  async compare(request: Req<'compare'>) {
    let rows: StoredRun[]
    if (request.sweepId) {
      this.summaryOf(request.sweepId)
      rows = this.store.sweepRuns(request.sweepId)
    } else {
      rows = (request.runIds ?? []).map((id) => {
        const row = this.store.getRun(id)
        if (!row) throw notFound(`no run ${id} in this store`)
        return row
      })
    }
    return compareRuns(this.store, rows, request)
  }

  async reproduction(request: Req<'reproduction'>) {
    const reproduction = buildReproduction(this.store, request.scale, request.presets)
    const calibration = this.currentCalibration()
    for (const card of reproduction.papers.flatMap((p) => p.cards)) {
      const preset = findPreset(card.presetId)!
      card.estimatedSeconds = Object.fromEntries(
        presetScales(preset).map((scale) => [scale, estimateSeconds(presetRunSpecs(preset, scale), calibration, this.scheduler.workers).total]),
      )
    }
    return reproduction
  }

  async exportReport(request: Req<'exportReport'>) {
    const reproduction = buildReproduction(this.store, request.scale, request.presets)
    const content = reportHtml(reproduction, { generatedAt: new Date().toISOString(), codeVersion: codeVersion(), dbPath: this.store.file })
    return { fileName: `impulse-lab-report-${request.scale}.html`, mimeType: 'text/html', content }
  }

  async previewDataset(request: Req<'previewDataset'>) {
    return this.importWizard.preview(request)
  }

  async importDataset(request: Req<'importDataset'>) {
    return this.importWizard.import(this.store, request)
  }

  async chooseDatasetFile() {
    if (!this.options.fileHandles) throw Object.assign(new Error('no file dialog in browser mode: upload the file instead'), { status: 400 })
    return this.options.fileHandles.choose()
  }

  async getDataset(request: Req<'getDataset'>) {
    return datasetDetail(this.store, request.ref, request.rows)
  }

  async renameDataset(request: Req<'renameDataset'>) {
    return renameStoredDataset(this.store, request.id, request.name)
  }

  async deleteDataset(request: Req<'deleteDataset'>) {
    return deleteStoredDataset(this.store, request.id)
  }

  async listDatasets() {
    return listDatasetInfos(this.store)
  }

  async exportToCluster(request: Req<'exportToCluster'>) {
    this.summaryOf(request.sweepId)
    const { partition, account, time } = request
    const slurm = { ...(partition ? { partition } : {}), ...(account ? { account } : {}), ...(time ? { time } : {}) }
    const job = await exportStoredSweep(this.store, request.sweepId, { out: clusterJobDir(this.store, request.name), chunk: request.chunk, slurm })
    const submittedJobId = request.submit ? submitScript(job.script) : null
    return { ...job, submittedJobId }
  }

  async clusterJobStatus(request: Req<'clusterJobStatus'>) {
    return slurmJobStatus(clusterJobDir(this.store, request.name))
  }

  async mergeClusterJob(request: Req<'mergeClusterJob'>) {
    const report = mergeSlurmJob(this.store, clusterJobDir(this.store, request.name))
    this.events.fire({ type: 'sweep-changed', sweepId: report.sweepId })
    return report
  }
}
