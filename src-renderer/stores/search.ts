/** "Find transition" in the Sweep builder: the search's axes and predicate, its budget before launch, its live state. */
import { defineStore, storeToRefs } from 'pinia'
import { computed, onScopeDispose, ref, watch } from 'vue'
import type { SearchBudget, SearchRequest, SearchView } from '../../src-shared/api/search'
import { lab } from '../api/lab'
import { useAppStore } from './app'
import { useSweepBuilderStore } from './sweepBuilder'

export const useSearchStore = defineStore('search', () => {
  const app = useAppStore()
  const builder = useSweepBuilderStore()
  const { sweep, presetId, scale, preset } = storeToRefs(builder)
  const enabled = ref(false)
  const innerPath = ref('data.length')
  const until = ref('extrapolates')
  const direction = ref<'up' | 'down'>('up')
  const budget = ref<SearchBudget | null>(null)
  const budgetError = ref<string | null>(null)
  const view = ref<SearchView | null>(null)
  const launching = ref(false)
  /** The request the shown search was launched with: results for other inputs are marked stale, not passed off as theirs. */
  const launchedRequest = ref<string | null>(null)
  const stale = computed(() => view.value !== null && (!enabled.value || JSON.stringify(request.value) !== launchedRequest.value))
  function clear() {
    view.value = null
    launchedRequest.value = null
  }

  // A search preset names its inner axis, predicate and direction.
  watch(preset, (p) => {
    if (!p?.search) return
    enabled.value = true
    innerPath.value = p.search.inner ?? 'data.length'
    until.value = p.search.until ?? 'extrapolates'
    direction.value = p.search.direction ?? 'up'
  })

  /** The builder's axes read as a search: the inner one by path, the (one) other as the outer. */
  const request = computed<SearchRequest | string>(() => {
    const axes = sweep.value.axes.flatMap((a) => ('path' in a ? [a] : []))
    if (axes.length !== sweep.value.axes.length) return 'a search\'s axes are single spec paths (remove variant axes)'
    const inner = axes.find((a) => a.path === innerPath.value)
    if (!inner) return `add an axis for ${innerPath.value} (the range to search, e.g. 2, 3, …, 20)`
    const others = axes.filter((a) => a !== inner)
    if (others.length > 1) return `a search has one outer axis besides ${innerPath.value} (found ${others.map((a) => a.path).join(', ')})`
    return {
      title: sweep.value.title,
      base: sweep.value.base,
      outer: others[0] ?? null,
      inner,
      seeds: sweep.value.seeds,
      settings: { until: until.value, direction: direction.value },
    }
  })

  let sequence = 0
  async function refreshBudget() {
    const mine = ++sequence
    if (!enabled.value) return
    if (typeof request.value === 'string') {
      budget.value = null
      budgetError.value = request.value
      return
    }
    try {
      const result = await lab.planSearch({ search: request.value })
      if (mine !== sequence) return
      ;[budget.value, budgetError.value] = [result, null]
    } catch (error) {
      if (mine !== sequence) return
      ;[budget.value, budgetError.value] = [null, error instanceof Error ? error.message : String(error)]
    }
  }
  let timer: ReturnType<typeof setTimeout> | undefined
  watch([request, enabled], () => {
    clearTimeout(timer)
    timer = setTimeout(refreshBudget, 150)
  }, { deep: true })

  async function launch() {
    if (typeof request.value === 'string') return
    launching.value = true
    try {
      const launched = JSON.stringify(request.value)
      view.value = await lab.launchSearch({ search: request.value, preset: presetId.value || null, scale: presetId.value ? scale.value : null })
      launchedRequest.value = launched
      app.notify(`Searching: at most ${budget.value?.maxRuns ?? '?'} of ${view.value.gridRuns || budget.value?.gridRuns} grid runs`)
    } catch (error) {
      app.reportError(error)
    } finally {
      launching.value = false
    }
  }

  async function reload(sweepId: string) {
    if (view.value?.sweepId !== sweepId) return
    try {
      view.value = await lab.getSearch({ sweepId })
    } catch (error) {
      app.reportError(error)
    }
  }
  // Live: every finished probe and every round redraws the figures.
  const stops = [lab.onRunFinished((e) => void reload(e.sweepId)), lab.onSweepChanged((e) => void reload(e.sweepId))]
  onScopeDispose(() => stops.forEach((stop) => stop()))

  return { enabled, innerPath, until, direction, budget, budgetError, view, stale, launching, request, refreshBudget, launch, reload, clear }
})
