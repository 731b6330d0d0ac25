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

  /** The presets whose cards a sweep event changed since the last refresh, and whether a whole re-read is due. */
  const changedPresets = new Set<string>()
  let reloadAll = false

  /** Re-read only the named cards (their claims and estimates) and put them in place; a whole load supersedes it. */
  async function loadCards(presetIds: string[]) {
    const mine = sequence
    try {
      const result = await lab.reproduction({ scale: scale.value, presets: presetIds })
      const current = reproduction.value
      if (mine !== sequence || !current || result.scale !== current.scale) return
      const fresh = new Map(result.papers.flatMap((p) => p.cards).map((c) => [c.presetId, c]))
      reproduction.value = {
        ...current,
        papers: current.papers.map((paper) => ({ ...paper, cards: paper.cards.map((card) => fresh.get(card.presetId) ?? card) })),
      }
    } catch (error) {
      app.reportError(error)
    }
  }

  /**
   * A sweep changed: its card is re-read (runs finish in bursts: at most once a second). A sweep no card shows is
   * re-read whole only when it is launched, cancelled or resumed (sweep-changed): then it may be a preset's new
   * sweep at this scale; its runs finishing change no card until then.
   */
  function sweepEvent(sweepId: string, launched: boolean) {
    const card = reproduction.value?.papers.flatMap((p) => p.cards).find((c) => c.sweep?.id === sweepId)
    if (card) changedPresets.add(card.presetId)
    else if (launched) reloadAll = true
    else return
    if (refreshTimer) return
    refreshTimer = setTimeout(() => {
      refreshTimer = undefined
      const presetIds = [...changedPresets]
      changedPresets.clear()
      if (reloadAll) {
        reloadAll = false
        void load()
      } else if (presetIds.length > 0) void loadCards(presetIds)
    }, 1000)
  }

  /** Launch a preset's sweep at a scale: main builds it (a preset on a recording runs on the newest import). */
  async function run(presetId: string, runScale: Scale) {
    try {
      const figure = reproduction.value?.papers.flatMap((p) => p.cards).find((c) => c.presetId === presetId)?.figureName ?? presetId
      await lab.launchPreset({ id: presetId, scale: runScale })
      app.notify(`${figure}: ${runScale} sweep started`)
      if (scale.value !== runScale) scale.value = runScale // the watch loads the other scale
      else await loadCards([presetId])
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
  const stops = [
    lab.onRunFinished((e) => sweepEvent(e.sweepId, false)),
    lab.onSweepFinished((e) => sweepEvent(e.sweepId, false)),
    lab.onSweepChanged((e) => sweepEvent(e.sweepId, true)),
  ]
  onScopeDispose(() => {
    for (const stop of stops) stop()
    clearTimeout(refreshTimer)
  })

  return { scale, reproduction, loading, exporting, load, run, exportReport }
})
