/** App-wide state: which view is open (hash-routed; Reproduce is the landing page), app info, colour scheme, and user-visible messages. */
import { defineStore } from 'pinia'
import { onScopeDispose, ref } from 'vue'
import type { AppInfo } from '../../src-shared/api/lab'
import { lab } from '../api/lab'
import { findSavedView, lastViewQuery, rememberViewQuery, saveView } from '../util/savedViews'
import { MAX_QUERY, toQuery, type Params } from '../util/viewState'

export type ViewName = 'reproduce' | 'teacher' | 'sweep' | 'runs' | 'run' | 'compare' | 'datasets'
const views: ViewName[] = ['reproduce', 'teacher', 'sweep', 'runs', 'run', 'compare', 'datasets']

interface Toast {
  id: number
  kind: 'info' | 'error'
  text: string
}

/** Views whose state lives in the URL and is remembered: a bare `#/runs` reopens the last state. */
const REMEMBERED: ViewName[] = ['runs', 'compare', 'run']

/**
 * The view and its parameters: `?v=v3` expands a saved view (whichever view it was saved from); a view opened
 * without parameters takes its last state.
 */
function parseHash(hash: string): { view: ViewName; params: Params; unknownSaved?: string; restored?: boolean } {
  const [path, query = ''] = hash.replace(/^#\/?/, '').split('?')
  let view = (views as string[]).includes(path) ? (path as ViewName) : 'reproduce'
  let params = Object.fromEntries(new URLSearchParams(query))
  if (params.v) {
    const saved = findSavedView(localStorage, params.v)
    if (!saved) return { view, params: {}, unknownSaved: params.v }
    view = (views as string[]).includes(saved.view) ? (saved.view as ViewName) : view
    params = Object.fromEntries(new URLSearchParams(saved.query))
  } else if (!query && REMEMBERED.includes(view)) {
    const last = lastViewQuery(localStorage, view)
    if (last) return { view, params: Object.fromEntries(new URLSearchParams(last)), restored: true }
  }
  return { view, params }
}

export const useAppStore = defineStore('app', () => {
  const initial = parseHash(window.location.hash)
  const view = ref<ViewName>(initial.view)
  const params = ref<Record<string, string>>(initial.params)
  const info = ref<AppInfo | null>(null)
  const toasts = ref<Toast[]>([])
  const darkQuery = window.matchMedia('(prefers-color-scheme: dark)')
  const dark = ref(darkQuery.matches)
  let nextToast = 1

  /** A view reopened in its last state shows that state in its URL too, so the address can be copied as it is. */
  function showRestored(parsed: ReturnType<typeof parseHash>) {
    if (parsed.restored) history.replaceState(history.state, '', `#/${parsed.view}?${toQuery(parsed.params)}`)
  }
  showRestored(initial)

  function onHash() {
    const parsed = parseHash(window.location.hash)
    if (parsed.unknownSaved) notify(`no saved view ${parsed.unknownSaved} in this browser`, 'error')
    showRestored(parsed)
    view.value = parsed.view
    params.value = parsed.params
  }
  function onScheme(event: MediaQueryListEvent) {
    dark.value = event.matches
  }
  window.addEventListener('hashchange', onHash)
  darkQuery.addEventListener('change', onScheme)
  onScopeDispose(() => {
    window.removeEventListener('hashchange', onHash)
    darkQuery.removeEventListener('change', onScheme)
  })

  function go(next: ViewName, nextParams: Record<string, string> = {}) {
    const query = new URLSearchParams(nextParams).toString()
    window.location.hash = `#/${next}${query ? `?${query}` : ''}`
  }

  /**
   * The open view's state changed: write it into the URL without a navigation (no history entry per slider move),
   * remember it as the view's last state, and put a saved-view id in the URL where the query would be long.
   */
  function replaceParams(nextParams: Params) {
    const query = toQuery(nextParams)
    params.value = nextParams
    rememberViewQuery(localStorage, view.value, query)
    const shown = query.length > MAX_QUERY ? `v=${saveView(localStorage, view.value, query).id}` : query
    const hash = `#/${view.value}${shown ? `?${shown}` : ''}`
    if (window.location.hash !== hash) history.replaceState(history.state, '', hash)
  }

  /** Name and keep the open view's state; returns its short id. */
  function saveCurrentView(name: string) {
    return saveView(localStorage, view.value, toQuery(params.value), name)
  }

  function notify(text: string, kind: Toast['kind'] = 'info') {
    const toast = { id: nextToast++, kind, text }
    toasts.value.push(toast)
    setTimeout(() => dismiss(toast.id), kind === 'error' ? 12_000 : 5_000)
  }
  function dismiss(id: number) {
    toasts.value = toasts.value.filter((t) => t.id !== id)
  }
  function reportError(error: unknown) {
    notify(error instanceof Error ? error.message : String(error), 'error')
  }

  async function loadInfo() {
    info.value = await lab.appInfo({})
  }

  if (initial.unknownSaved) setTimeout(() => notify(`no saved view ${initial.unknownSaved} in this browser`, 'error'))
  return { view, params, replaceParams, saveCurrentView, info, toasts, dark, go, notify, dismiss, reportError, loadInfo }
})
