/**
 * Compare view state: which runs (a sweep or a picked set), grouping, curves, heat-map axes, and the result. The
 * state is the URL's (util/viewState): `applyParams` reads it, `params` writes it back.
 */
import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import type { CompareResult } from '../../src-shared/api/lab'
import { lab } from '../api/lab'
import { seriesName } from '../../src-shared/catalogue'
import type { BandKind } from '../charts/compareOptions'
import { compareFromParams, compareToParams, toQuery, type CompareState, type Params } from '../util/viewState'

export const useCompareStore = defineStore('compare', () => {
  const sweepId = ref<string | null>(null)
  const runIds = ref<string[]>([])
  /** The metric chart's x (a param or spec path). */
  const groupBy = ref<string>('')
  /** Lines and bands per value of this key: `sweep`, `tags` or a spec path. */
  const splitBy = ref<string>('')
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
  /** Why there is no result (an unknown run or sweep in the URL), shown in place of the charts. */
  const error = ref<string | null>(null)
  const loading = ref(false)

  const state = computed((): CompareState => ({
    sweepId: sweepId.value,
    runIds: runIds.value,
    groupBy: groupBy.value,
    splitBy: splitBy.value,
    metrics: metrics.value,
    curve: curve.value,
    xAxis: xAxis.value,
    smoothing: smoothing.value,
    band: band.value,
    logY: logY.value,
    logX: logX.value,
    heat: heatX.value && heatY.value && heatMetric.value ? { x: heatX.value, y: heatY.value, metric: heatMetric.value } : null,
  }))
  /** The state as URL parameters. */
  const params = computed(() => compareToParams(state.value))

  /** Sensible first picks: group by the first swept parameter; extrapolation error beside the zero solution's. */
  function pickDefaults(r: CompareResult) {
    const swept = r.params.filter((p) => p !== 'seed' && p !== splitBy.value)
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

  function request() {
    return {
      sweepId: sweepId.value ?? undefined,
      runIds: sweepId.value ? undefined : runIds.value,
      groupBy: groupBy.value || undefined,
      splitBy: splitBy.value || undefined,
      metrics: metrics.value.length ? metrics.value : undefined,
      curve: curve.value,
      smoothing: smoothing.value,
      xAxis: xAxis.value,
      heatmap: state.value.heat ?? undefined,
    }
  }

  async function load() {
    if (!sweepId.value && runIds.value.length === 0) return
    loading.value = true
    try {
      let next = await lab.compare(request()).catch((failure: unknown) => {
        // A link asking for epochs on runs that have none (population loss): their steps, never steps labelled epochs.
        if (xAxis.value !== 'epoch' || !/xAxis "epoch"/.test(String(failure))) throw failure
        xAxis.value = 'step'
        return lab.compare(request())
      })
      const before = JSON.stringify(params.value)
      pickDefaults(next)
      if (JSON.stringify(params.value) !== before) next = await lab.compare(request())
      result.value = next
      error.value = null
    } catch (failure) {
      // An unknown run or sweep (a stale link) is said in place, never answered with the previous comparison.
      result.value = null
      error.value = failure instanceof Error ? failure.message : String(failure)
    } finally {
      loading.value = false
    }
  }

  /** Take the state a URL names and compute it (unless it is what is shown). */
  function applyParams(next: Params) {
    // The URL echoing what is shown (or being computed) changes nothing: no second request per write-back.
    if (toQuery(next) === toQuery(params.value) && (result.value || error.value || loading.value)) return
    const s = compareFromParams(next)
    sweepId.value = s.sweepId
    runIds.value = s.runIds
    groupBy.value = s.groupBy
    splitBy.value = s.splitBy
    metrics.value = s.metrics
    curve.value = s.curve
    xAxis.value = s.xAxis
    smoothing.value = s.smoothing
    band.value = s.band
    logY.value = s.logY
    logX.value = s.logX
    heatX.value = s.heat?.x ?? ''
    heatY.value = s.heat?.y ?? ''
    heatMetric.value = s.heat?.metric ?? ''
    if (!s.sweepId && s.runIds.length === 0) {
      result.value = null
      error.value = null
      return
    }
    return load()
  }

  function openSweep(id: string) {
    return applyParams({ sweep: id })
  }

  function openRuns(ids: string[]) {
    return applyParams({ runs: ids.join(',') })
  }

  return {
    sweepId, runIds, groupBy, splitBy, metrics, heatX, heatY, heatMetric, logY, logX, curve, smoothing, xAxis, band, result, error, loading, params,
    load, applyParams, openSweep, openRuns,
  }
})
