/** App-wide state: which view is open (hash-routed; Reproduce is the landing page), app info, colour scheme, and user-visible messages. */
import { defineStore } from 'pinia'
import { onScopeDispose, ref } from 'vue'
import type { AppInfo } from '../../src-shared/api/lab'
import { lab } from '../api/lab'

export type ViewName = 'reproduce' | 'teacher' | 'sweep' | 'runs' | 'run' | 'compare' | 'datasets'
const views: ViewName[] = ['reproduce', 'teacher', 'sweep', 'runs', 'run', 'compare', 'datasets']

interface Toast {
  id: number
  kind: 'info' | 'error'
  text: string
}

function parseHash(hash: string): { view: ViewName; params: Record<string, string> } {
  const [path, query = ''] = hash.replace(/^#\/?/, '').split('?')
  const view = (views as string[]).includes(path) ? (path as ViewName) : 'reproduce'
  return { view, params: Object.fromEntries(new URLSearchParams(query)) }
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

  function onHash() {
    const parsed = parseHash(window.location.hash)
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

  return { view, params, info, toasts, dark, go, notify, dismiss, reportError, loadInfo }
})
