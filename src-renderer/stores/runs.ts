/**
 * Runs view state: sweeps, one page of runs queried, sorted and paged by the store (so 100,000 runs stay fluid),
 * the chosen metric/param columns (kept per user in localStorage), the selection, the trash, live progress.
 */
import { defineStore } from 'pinia'
import { onScopeDispose, ref, watch } from 'vue'
import type { RunColumns, RunPage, RunStatus, SweepSummary } from '../../src-shared/api/lab'
import type { RunSort } from '../../src-shared/query/runQuery'
import { lab } from '../api/lab'
import { downloadText } from '../util/download'
import { useAppStore } from './app'
import { clickSelection } from '../util/selection'

export const PAGE_SIZE = 100
const COLUMNS_KEY = 'impulse-lab.runs.columns'
/** Typing pauses this long before the query runs. */
const QUERY_DEBOUNCE_MS = 250
/** How often the sweeps' statuses are read again while one of them trains. */
const SETTLE_POLL_MS = 5000

function savedColumns(): string[] {
  try {
    const parsed = JSON.parse(localStorage.getItem(COLUMNS_KEY) ?? 'null') as unknown
    return Array.isArray(parsed) ? parsed.filter((c): c is string => typeof c === 'string') : ['final_loss']
  } catch {
    return ['final_loss']
  }
}

export const useRunsStore = defineStore('runs', () => {
  const app = useAppStore()
  const sweeps = ref<SweepSummary[]>([])
  const sweepId = ref<string | null>(null)
  const status = ref<RunStatus | ''>('')
  const query = ref('')
  /** The query the last page was fetched with (the box debounces into this). */
  const appliedQuery = ref('')
  const queryError = ref<string | null>(null)
  const sort = ref<RunSort | null>(null)
  const columns = ref<string[]>(savedColumns())
  const available = ref<RunColumns>({ params: [], metrics: [] })
  const trash = ref(false)
  const offset = ref(0)
  const page = ref<RunPage>({ total: 0, offset: 0, rows: [] })
  const selected = ref<string[]>([])
  const loading = ref(false)
  let refreshTimer: ReturnType<typeof setTimeout> | undefined
  let queryTimer: ReturnType<typeof setTimeout> | undefined
  let sequence = 0

  let sweepsSequence = 0
  /** The last read of the list failed: what it shows may miss a sweep launched since, so the poll reads it again. */
  let sweepsStale = false
  async function loadSweeps() {
    const mine = ++sweepsSequence
    let list: SweepSummary[]
    try {
      list = await lab.listSweeps({ trash: trash.value })
    } catch (error) {
      sweepsStale = true
      throw error
    }
    sweepsStale = false
    // an answer that arrives after a newer one's (a busy server) must not put back an older status
    if (mine === sweepsSequence) sweeps.value = list
  }

  async function loadColumns() {
    available.value = await lab.listRunColumns({})
  }

  async function loadPage() {
    const mine = ++sequence
    loading.value = true
    try {
      const result = await lab.listRuns({
        sweepId: sweepId.value ?? undefined,
        status: status.value || undefined,
        query: appliedQuery.value,
        sort: sort.value ?? undefined,
        columns: columns.value,
        trash: trash.value,
        offset: offset.value,
        limit: PAGE_SIZE,
      })
      if (mine !== sequence) return
      page.value = result
      queryError.value = null
    } catch (error) {
      if (mine !== sequence) return
      // A query that does not parse yet is shown beside the box, not as a toast on every keystroke.
      const message = error instanceof Error ? error.message : String(error)
      if (/query: /.test(message)) queryError.value = message.replace(/^.*?query: /, '')
      else app.reportError(error)
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

  watch(query, (text) => {
    clearTimeout(queryTimer)
    queryTimer = setTimeout(() => (appliedQuery.value = text.trim()), QUERY_DEBOUNCE_MS)
  })
  watch([sweepId, status, appliedQuery, sort, trash], () => {
    offset.value = 0
    void loadPage()
  })
  watch(trash, () => {
    selected.value = []
    void loadSweeps()
  })
  watch(offset, () => void loadPage())
  watch(columns, (next) => {
    localStorage.setItem(COLUMNS_KEY, JSON.stringify(next))
    void loadPage()
  })

  /** Header click: ascending, then descending, then back to the default order. */
  function toggleSort(key: string) {
    const current = sort.value
    if (!current || current.key !== key) sort.value = { key, dir: 'asc' }
    else if (current.dir === 'asc') sort.value = { key, dir: 'desc' }
    else sort.value = null
  }

  function toggleColumn(name: string) {
    columns.value = columns.value.includes(name) ? columns.value.filter((c) => c !== name) : [...columns.value, name]
  }

  function toggleSelected(id: string) {
    selected.value = selected.value.includes(id) ? selected.value.filter((s) => s !== id) : [...selected.value, id]
  }

  /** The row a shift-click extends a range from: the last row clicked. */
  let anchor: string | null = null
  function clickRun(id: string, shift: boolean) {
    selected.value = clickSelection(selected.value, page.value.rows.map((r) => r.id), anchor, id, shift)
    anchor = id
  }

  function selectPage(on: boolean) {
    const ids = page.value.rows.map((r) => r.id)
    selected.value = on ? [...new Set([...selected.value, ...ids])] : selected.value.filter((id) => !ids.includes(id))
  }

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
    lab.onSweepFinished(() => {
      scheduleRefresh()
      void loadColumns()
    }),
  ]
  // Events keep the table live; while a sweep is still training, or after a read of the list failed, a slow poll
  // also reads the statuses, so neither an event lost on the way (a reconnecting stream) nor a read the server refused
  // under load (at the view's mount, right after a launch) leaves a sweep shown as running after it ended or missing.
  const settlePoll = setInterval(() => {
    if (sweepsStale || sweeps.value.some((s) => s.status === 'running' || s.status === 'queued')) void loadSweeps().catch(() => {})
  }, SETTLE_POLL_MS)
  onScopeDispose(() => {
    stops.forEach((stop) => stop())
    clearInterval(settlePoll)
  })

  async function act(action: () => Promise<unknown>, done?: string) {
    try {
      await action()
      if (done) app.notify(done)
      await Promise.all([loadSweeps(), loadPage()])
    } catch (error) {
      app.reportError(error)
    }
  }

  const cancelSweep = (id: string) => act(() => lab.cancelSweep({ sweepId: id }))
  const resumeSweep = (id: string) => act(() => lab.resumeSweep({ sweepId: id }))
  const cancelRun = (id: string) => act(() => lab.cancelRun({ runId: id }))
  const renameSweep = (id: string, title: string) => act(() => lab.renameSweep({ sweepId: id, title }))
  const editTags = (id: string, add: string[], remove: string[]) => act(() => lab.editTags({ id, add, remove }))
  /** The same tags on every selected run at once. */
  const tagSelected = (tags: string[]) =>
    act(async () => {
      for (const id of selected.value) await lab.editTags({ id, add: tags, remove: [] })
    }, `Tagged ${counted(selected.value.length, 'run')} ${tags.join(', ')}`)
  const setNote = (id: string, note: string) => act(() => lab.setNote({ id, note }), 'Note saved')
  const counted = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : 's'}`
  const remove = (ids: string[]) =>
    act(async () => {
      await lab.deleteItems({ ids })
      selected.value = selected.value.filter((id) => !ids.includes(id))
      if (sweepId.value && ids.includes(sweepId.value)) sweepId.value = null
    }, `Moved ${counted(ids.length, 'item')} to the trash`)
  const restore = (ids: string[]) => act(() => lab.restoreItems({ ids }), `Restored ${counted(ids.length, 'item')}`)
  /** What emptying the trash would remove, for the confirmation; null when it could not be counted. */
  const countTrash = async () => {
    try {
      return await lab.purgeTrash({ dryRun: true })
    } catch (error) {
      app.reportError(error)
      return null
    }
  }
  const purge = (ids?: string[]) => act(() => lab.purgeTrash({ ids }), ids ? `Purged ${counted(ids.length, 'item')}` : 'Emptied the trash')

  async function exportSweep(id: string, format: 'csv' | 'json') {
    try {
      const file = await lab.exportSweep({ sweepId: id, format })
      downloadText(file.fileName, file.mimeType, file.content)
    } catch (error) {
      app.reportError(error)
    }
  }

  return {
    sweeps, sweepId, status, query, queryError, sort, columns, available, trash, offset, page, selected, loading,
    loadSweeps, loadColumns, loadPage, toggleSort, toggleColumn, toggleSelected, clickRun, selectPage, tagSelected,
    cancelSweep, resumeSweep, cancelRun, renameSweep, editTags, setNote, remove, restore, purge, countTrash, exportSweep,
  }
})
