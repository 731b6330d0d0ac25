/** Compare view state: which runs (a sweep or a picked set), grouping, heat-map axes, and the result. */
import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { CompareResult } from '../../src-shared/api/lab'
import { lab } from '../api/lab'
import { useAppStore } from './app'
import { seriesName } from '../../src-shared/catalogue'
import type { BandKind } from '../charts/compareOptions'

export const useCompareStore = defineStore('compare', () => {
  const app = useAppStore()
  const sweepId = ref<string | null>(null)
  const runIds = ref<string[]>([])
  const groupBy = ref<string>('')
  const metrics = ref<string[]>([])
  const heatX = ref('')
  const heatY = ref('')
  const heatMetric = ref('')
  const logY = ref(true)
  const curve = ref<string>(seriesName.lossCurve)
  const logX = ref(false)
  /** EMA weight for the curves, 0 = raw. */
  const smoothing = ref(0)
  /** `step`, `epoch`, or another series whose values become x. */
  const xAxis = ref('step')
  const band = ref<BandKind>('mean-std')
  const result = ref<CompareResult | null>(null)
  const loading = ref(false)

  /** Sensible first picks: group by the first swept parameter; extrapolation error beside the zero solution's. */
  function pickDefaults(r: CompareResult) {
    const swept = r.params.filter((p) => p !== 'seed')
    if (!groupBy.value && swept.length) groupBy.value = swept[0]
    if (metrics.value.length === 0) {
      const preferred = ['extrapolation_error', 'extrapolation_mse', 'test_loss', 'final_loss'].find((m) => r.metrics.includes(m))
      if (preferred) metrics.value = preferred === 'extrapolation_error' && r.metrics.includes('zero_error') ? [preferred, 'zero_error'] : [preferred]
    }
    if (swept.length >= 2 && !heatX.value) {
      heatX.value = swept[0]
      heatY.value = swept[1]
    }
    if (!heatMetric.value) heatMetric.value = metrics.value[0] ?? ''
    // A curve (or x series) chosen for another sweep that these runs do not have: the loss curve, else their first.
    if (r.curveNames.length && !r.curveNames.includes(curve.value)) curve.value = r.curveNames.includes(seriesName.lossCurve) ? seriesName.lossCurve : r.curveNames[0]
    if (xAxis.value !== 'step' && xAxis.value !== 'epoch' && !r.curveNames.includes(xAxis.value)) xAxis.value = 'step'
  }

  async function load() {
    if (!sweepId.value && runIds.value.length === 0) return
    loading.value = true
    try {
      const request = {
        sweepId: sweepId.value ?? undefined,
        runIds: sweepId.value ? undefined : runIds.value,
        groupBy: groupBy.value || undefined,
        metrics: metrics.value.length ? metrics.value : undefined,
        curve: curve.value,
        smoothing: smoothing.value,
        xAxis: xAxis.value,
        heatmap: heatX.value && heatY.value && heatMetric.value ? { x: heatX.value, y: heatY.value, metric: heatMetric.value } : undefined,
      }
      let next = await lab.compare(request)
      const picks = () => JSON.stringify([groupBy.value, metrics.value, heatX.value, heatY.value, heatMetric.value, curve.value, xAxis.value])
      const before = picks()
      pickDefaults(next)
      if (picks() !== before) {
        next = await lab.compare({ ...request, groupBy: groupBy.value || undefined, metrics: metrics.value, curve: curve.value, xAxis: xAxis.value, heatmap: heatX.value && heatY.value && heatMetric.value ? { x: heatX.value, y: heatY.value, metric: heatMetric.value } : undefined })
      }
      result.value = next
    } catch (error) {
      app.reportError(error)
    } finally {
      loading.value = false
    }
  }

  function openSweep(id: string) {
    sweepId.value = id
    runIds.value = []
    groupBy.value = ''
    metrics.value = []
    heatX.value = heatY.value = heatMetric.value = ''
    return load()
  }

  function openRuns(ids: string[]) {
    sweepId.value = null
    runIds.value = ids
    groupBy.value = ''
    metrics.value = []
    return load()
  }

  return { sweepId, runIds, groupBy, metrics, heatX, heatY, heatMetric, logY, logX, curve, smoothing, xAxis, band, result, loading, load, openSweep, openRuns }
})
