/** Run detail state: one run's spec, results and, while it trains, a live loss curve fed by progress events. */
import { defineStore } from 'pinia'
import { onScopeDispose, ref } from 'vue'
import type { RunDetail } from '../../src-shared/api/lab'
import type { Series } from '../../src-shared/api/results'
import { lab } from '../api/lab'
import { useAppStore } from './app'

export const useRunDetailStore = defineStore('runDetail', () => {
  const app = useAppStore()
  const detail = ref<RunDetail | null>(null)
  const live = ref<Series>({ x: [], y: [] })
  const loading = ref(false)
  /** Why no run is shown (an unknown id in the URL): said in place, never answered with the previous run. */
  const error = ref<string | null>(null)
  let runId: string | null = null

  async function open(id: string) {
    runId = id
    loading.value = true
    try {
      const result = await lab.getRun({ runId: id })
      if (runId !== id) return
      detail.value = result
      error.value = null
      live.value = result.liveCurve ? { x: [...(result.liveCurve.x ?? [])], y: [...result.liveCurve.y] } : { x: [], y: [] }
    } catch (failure) {
      if (runId !== id) return
      detail.value = null
      error.value = failure instanceof Error ? failure.message : String(failure)
    } finally {
      loading.value = false
    }
  }

  const stops = [
    lab.onProgress((event) => {
      if (event.runId !== runId || event.loss === null) return
      live.value.x?.push(event.step)
      live.value.y.push(event.loss)
      if (detail.value) {
        detail.value.run.status = 'running'
        detail.value.run.step = event.step
        detail.value.run.totalSteps = event.totalSteps
        detail.value.run.progress = event.totalSteps ? event.step / event.totalSteps : 0
      }
    }),
    lab.onRunFinished((event) => {
      if (event.runId === runId) void open(event.runId)
    }),
  ]
  onScopeDispose(() => stops.forEach((stop) => stop()))

  async function rerun(changes: Record<string, unknown>) {
    if (!detail.value) return
    try {
      const summary = await lab.rerun({ runId: detail.value.run.id, changes })
      app.notify(`Re-running as "${summary.title}"`)
      app.go('runs', { sweep: summary.id })
    } catch (error) {
      app.reportError(error)
    }
  }

  /** Save the run's markdown note (empty clears it) and read the run again. */
  async function setNote(note: string) {
    if (!detail.value) return
    const id = detail.value.run.id
    try {
      await lab.setNote({ id, note: note.trim() ? note : null })
      app.notify('Note saved')
      await open(id)
    } catch (error) {
      app.reportError(error)
    }
  }

  return { detail, live, loading, error, open, rerun, setNote }
})
