/**
 * Saved views (a name, a view and its URL query under a short id like `v3`) and the last state of each view, kept in
 * the browser's storage. Pure over a Storage-like object, so tests pass a Map.
 */

export interface SavedView {
  id: string
  name: string
  view: string
  query: string
}

export interface KeyValueStorage {
  getItem(key: string): string | null
  setItem(key: string, value: string): void
}

const SAVED_KEY = 'impulse-lab.saved-views'
const lastKey = (view: string) => `impulse-lab.last-view.${view}`

export function listSavedViews(storage: KeyValueStorage): SavedView[] {
  try {
    const parsed = JSON.parse(storage.getItem(SAVED_KEY) ?? '[]') as unknown
    return Array.isArray(parsed) ? parsed.filter((v): v is SavedView => typeof v?.id === 'string' && typeof v?.view === 'string' && typeof v?.query === 'string') : []
  } catch {
    return []
  }
}

export function findSavedView(storage: KeyValueStorage, id: string): SavedView | undefined {
  return listSavedViews(storage).find((v) => v.id === id)
}

/**
 * Save a view's query under a short id; the same view and query saved again keeps its id (and takes the new name,
 * when one is given), so a long URL shortened twice gives one link.
 */
export function saveView(storage: KeyValueStorage, view: string, query: string, name?: string): SavedView {
  const views = listSavedViews(storage)
  const existing = views.find((v) => v.view === view && v.query === query)
  if (existing) {
    if (name && name !== existing.name) {
      existing.name = name
      storage.setItem(SAVED_KEY, JSON.stringify(views))
    }
    return existing
  }
  const next = 1 + Math.max(0, ...views.map((v) => Number(v.id.slice(1)) || 0))
  const saved = { id: `v${next}`, name: name ?? '', view, query }
  storage.setItem(SAVED_KEY, JSON.stringify([...views, saved]))
  return saved
}

export function removeSavedView(storage: KeyValueStorage, id: string): void {
  storage.setItem(SAVED_KEY, JSON.stringify(listSavedViews(storage).filter((v) => v.id !== id)))
}

export function lastViewQuery(storage: KeyValueStorage, view: string): string | null {
  return storage.getItem(lastKey(view))
}

export function rememberViewQuery(storage: KeyValueStorage, view: string, query: string): void {
  storage.setItem(lastKey(view), query)
}
