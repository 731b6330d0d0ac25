/**
 * LabApi: what the renderer talks to, one service per concern (src-shared/api/services/: app, reproduction, teachers,
 * sweeps, search, runs, organise, datasets, cluster), each with its request schemas and answers. This file joins them
 * for the transports, which stay generic: Electron's preload exposes `window.lab` over `lab:<method>` IPC channels,
 * browser mode POSTs /api/<method>, and main's one dispatcher (src-main/lab/dispatch.ts) validates a request against
 * its method's schema and calls the method on its service.
 */
import type { z } from 'zod'
import type { RunStatus, SweepStatus } from './status'
import { appRequests, type AppAnswers, type AppApi, type AppHandlers } from './services/app'
import { reproductionRequests, type ReproductionAnswers, type ReproductionApi, type ReproductionHandlers } from './services/reproduction'
import { teachersRequests, type TeachersAnswers, type TeachersApi, type TeachersHandlers } from './services/teachers'
import { sweepsRequests, type SweepsAnswers, type SweepsApi, type SweepsHandlers } from './services/sweeps'
import { searchRequests, type SearchAnswers, type SearchApi, type SearchHandlers } from './services/search'
import { runsRequests, type RunsAnswers, type RunsApi, type RunsHandlers } from './services/runs'
import { organiseRequests, type OrganiseAnswers, type OrganiseApi, type OrganiseHandlers } from './services/organise'
import { datasetsRequests, type DatasetsAnswers, type DatasetsApi, type DatasetsHandlers } from './services/datasets'
import { clusterRequests, type ClusterAnswers, type ClusterApi, type ClusterHandlers } from './services/cluster'

export const LAB_CHANNEL_PREFIX = 'lab:'
/** The one channel main pushes events on (progress, finished runs and sweeps, menu commands). */
export const LAB_EVENT_CHANNEL = 'lab:event'

export { RunStatusSchema, RUN_STATUSES, SweepStatusSchema, SWEEP_STATUSES, type RunStatus, type SweepStatus } from './status'
export type { ExportFile } from './services/contract'
export type { AppInfo } from './services/app'
export type { PresetInfo } from './services/reproduction'
export type { TeacherPreview, SavedTeacher } from './services/teachers'
export type { SweepPlan, SweepSummary } from './services/sweeps'
export type { CellValue, CompareResult, GroupPoint, RunColumns, RunDetail, RunPage, RunRow } from './services/runs'
export type { CsvProblem, DatasetDetail, DatasetInfo, DatasetPreview } from './services/datasets'
export type { ClusterExport, ClusterJobStatus, ClusterMerge } from './services/cluster'

/** Every service's request schemas, by service: the table the dispatcher and the IPC channels are built from. */
export const labServices = {
  app: appRequests,
  reproduction: reproductionRequests,
  teachers: teachersRequests,
  sweeps: sweepsRequests,
  search: searchRequests,
  runs: runsRequests,
  organise: organiseRequests,
  datasets: datasetsRequests,
  cluster: clusterRequests,
} as const
export type LabServiceName = keyof typeof labServices

/** What main implements: each service's handlers, receiving requests already validated (defaults filled in). */
export interface LabHandlers {
  app: AppHandlers
  reproduction: ReproductionHandlers
  teachers: TeachersHandlers
  sweeps: SweepsHandlers
  search: SearchHandlers
  runs: RunsHandlers
  organise: OrganiseHandlers
  datasets: DatasetsHandlers
  cluster: ClusterHandlers
}

/** Method names are unique across services, so the wire names one method (`lab:listRuns`, POST /api/listRuns). */
export const labRequests = {
  ...appRequests,
  ...reproductionRequests,
  ...teachersRequests,
  ...sweepsRequests,
  ...searchRequests,
  ...runsRequests,
  ...organiseRequests,
  ...datasetsRequests,
  ...clusterRequests,
} as const

export type LabMethod = keyof typeof labRequests
export type LabRequest<M extends LabMethod> = z.input<(typeof labRequests)[M]>
export type LabParsedRequest<M extends LabMethod> = z.output<(typeof labRequests)[M]>
export type LabResponses = AppAnswers & ReproductionAnswers & TeachersAnswers & SweepsAnswers & SearchAnswers & RunsAnswers & OrganiseAnswers & DatasetsAnswers & ClusterAnswers

/** Which service answers each method. */
export const labMethodService: Readonly<Record<LabMethod, LabServiceName>> = (() => {
  const table: Record<string, LabServiceName> = {}
  for (const [service, requests] of Object.entries(labServices) as Array<[LabServiceName, object]>) {
    for (const method of Object.keys(requests)) {
      if (table[method]) throw new Error(`lab API: method "${method}" is declared by both ${table[method]} and ${service}`)
      table[method] = service
    }
  }
  return table as Record<LabMethod, LabServiceName>
})()

export const labMethods = Object.keys(labMethodService) as LabMethod[]

export function isLabMethod(name: string): name is LabMethod {
  return Object.prototype.hasOwnProperty.call(labMethodService, name)
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

/** The request/response half of LabApi: every service's calls, by method name. */
export type LabCalls = AppApi & ReproductionApi & TeachersApi & SweepsApi & SearchApi & RunsApi & OrganiseApi & DatasetsApi & ClusterApi

/** The event half: VS Code-style `onXxx(listener)` returning an unsubscribe function. */
export interface LabEvents {
  onProgress(listener: (event: Extract<LabEvent, { type: 'progress' }>) => void): Unsubscribe
  onRunFinished(listener: (event: Extract<LabEvent, { type: 'run-finished' }>) => void): Unsubscribe
  onSweepFinished(listener: (event: Extract<LabEvent, { type: 'sweep-finished' }>) => void): Unsubscribe
  onSweepChanged(listener: (event: Extract<LabEvent, { type: 'sweep-changed' }>) => void): Unsubscribe
  onCommand(listener: (command: AppCommand) => void): Unsubscribe
}

export type LabApi = LabCalls & LabEvents
