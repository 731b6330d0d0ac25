/** Runs view state: sweeps, one page of runs (server-side paging, so 10,000 runs stay fluid), live progress. */
import { defineStore } from 'pinia'
import { onScopeDispose, ref, watch } from 'vue'
import type { RunPage, RunStatus, SweepSummary } from '../../src-shared/api/lab'
import { lab } from '../api/lab'
import { downloadText } from '../util/download'
import { useAppStore } from './app'

export const PAGE_SIZE = 100

export const useRunsStore = defineStore('runs', () => {
  const app = useAppStore()
  const sweeps = ref<SweepSummary[]>([])
  const sweepId = ref<string | null>(null)
  const status = ref<RunStatus | ''>('')
  const text = ref('')
  const offset = ref(0)
  const page = ref<RunPage>({ total: 0, offset: 0, rows: [] })
  const loading = ref(false)
  let refreshTimer: ReturnType<typeof setTimeout> | undefined
  let sequence = 0

  async function loadSweeps() {
    sweeps.value = await lab.listSweeps({})
  }

  async function loadPage() {
    const mine = ++sequence
    loading.value = true
    try {
      const result = await lab.listRuns({
        sweepId: sweepId.value ?? undefined,
        status: status.value || undefined,
        text: text.value,
        offset: offset.value,
        limit: PAGE_SIZE,
      })
      if (mine === sequence) page.value = result
    } catch (error) {
      app.reportError(error)
    } finally {
      if (mine === sequence) loading.value = false
    }
  }

  /** Finished runs arrive in bursts: refresh at most twice a second. */
  function scheduleRefresh() {
    if (refreshTimer) return
    refreshTimer = setTimeout(async () => {
      refreshTimer = undefined
      await Promise.all([loadSweeps(), loadPage()])
    }, 500)
  }

  watch([sweepId, status, text], () => {
    offset.value = 0
    void loadPage()
  })
  watch(offset, () => void loadPage())

  const stops = [
    lab.onProgress((event) => {
      const row = page.value.rows.find((r) => r.id === event.runId)
      if (!row) return
      row.status = 'running'
      row.step = event.step
      row.totalSteps = event.totalSteps
      row.loss = event.loss
      row.progress = event.totalSteps > 0 ? event.step / event.totalSteps : 0
    }),
    lab.onRunFinished(scheduleRefresh),
    lab.onSweepChanged(scheduleRefresh),
    lab.onSweepFinished((event) => {
      scheduleRefresh()
      app.notify(`Sweep "${event.title}" finished: ${event.counts.done} done, ${event.counts.failed} failed`)
    }),
  ]
  onScopeDispose(() => stops.forEach((stop) => stop()))

  async function act(action: () => Promise<unknown>) {
    try {
      await action()
      await Promise.all([loadSweeps(), loadPage()])
    } catch (error) {
      app.reportError(error)
    }
  }

  const cancelSweep = (id: string) => act(() => lab.cancelSweep({ sweepId: id }))
  const resumeSweep = (id: string) => act(() => lab.resumeSweep({ sweepId: id }))
  const cancelRun = (id: string) => act(() => lab.cancelRun({ runId: id }))

  async function exportSweep(id: string, format: 'csv' | 'json') {
    try {
      const file = await lab.exportSweep({ sweepId: id, format })
      downloadText(file.fileName, file.mimeType, file.content)
    } catch (error) {
      app.reportError(error)
    }
  }

  return { sweeps, sweepId, status, text, offset, page, loading, loadSweeps, loadPage, cancelSweep, resumeSweep, cancelRun, exportSweep }
})
