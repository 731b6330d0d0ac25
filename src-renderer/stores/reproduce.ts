/** Reproduce view state: each paper's figures with their claims' verdicts at the chosen scale, live while sweeps run. */
import { defineStore } from 'pinia'
import { onScopeDispose, ref, watch } from 'vue'
import type { Reproduction } from '../../src-shared/api/reproduction'
import type { Scale } from '../../src-shared/spec/experiment'
import { lab } from '../api/lab'
import { downloadText } from '../util/download'
import { useAppStore } from './app'

export const useReproduceStore = defineStore('reproduce', () => {
  const app = useAppStore()
  const scale = ref<Scale>('quick')
  const reproduction = ref<Reproduction | null>(null)
  const loading = ref(false)
  const exporting = ref(false)
  let refreshTimer: ReturnType<typeof setTimeout> | undefined
  let sequence = 0

  async function load() {
    const mine = ++sequence
    loading.value = true
    try {
      const result = await lab.reproduction({ scale: scale.value })
      if (mine === sequence) reproduction.value = result
    } catch (error) {
      app.reportError(error)
    } finally {
      if (mine === sequence) loading.value = false
    }
  }

  /** Runs finish in bursts: re-read at most once a second. */
  function scheduleRefresh() {
    if (refreshTimer) return
    refreshTimer = setTimeout(() => {
      refreshTimer = undefined
      void load()
    }, 1000)
  }

  /** Launch a preset's sweep at a scale; a preset on a recording takes the first imported dataset. */
  async function run(presetId: string, runScale: Scale) {
    try {
      const { preset, sweep } = await lab.getPreset({ id: presetId, scale: runScale })
      if (preset.needsDataset) {
        const [dataset] = await lab.listDatasets({})
        if (!dataset) return app.notify(`${preset.paper} runs on a recording: import one in the Datasets view first`, 'error')
        sweep.base = { ...sweep.base, data: { ...(sweep.base.data as Record<string, unknown> | undefined), dataset: dataset.id } }
      }
      await lab.launchSweep({ sweep, preset: presetId, scale: runScale })
      app.notify(`${preset.paper}: ${runScale} sweep started`)
      scale.value = runScale
      await load()
    } catch (error) {
      app.reportError(error)
    }
  }

  async function exportReport() {
    exporting.value = true
    try {
      const file = await lab.exportReport({ scale: scale.value })
      downloadText(file.fileName, file.mimeType, file.content)
    } catch (error) {
      app.reportError(error)
    } finally {
      exporting.value = false
    }
  }

  watch(scale, () => void load())
  const stops = [lab.onRunFinished(scheduleRefresh), lab.onSweepFinished(scheduleRefresh), lab.onSweepChanged(scheduleRefresh)]
  onScopeDispose(() => {
    for (const stop of stops) stop()
    clearTimeout(refreshTimer)
  })

  return { scale, reproduction, loading, exporting, load, run, exportReport }
})
