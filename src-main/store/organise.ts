/**
 * Organising the store: renaming sweeps, tags and markdown notes on runs and sweeps, and a trash. Deleting moves a
 * run or a sweep to the trash (hidden from lists and queries, restorable); purging removes it for good.
 */
import type { Store } from './store'
import { tagProblem } from '../../src-shared/query/tags'

/** A run id or sweep id that names nothing: 404 over HTTP. */
function notFound(id: string): Error {
  return Object.assign(new Error(`no run or sweep "${id}"`), { status: 404 })
}

function refused(message: string): Error {
  return Object.assign(new Error(message), { status: 409 })
}

export type ItemKind = 'run' | 'sweep'

/** Is `id` a run or a sweep of this store? Throws a 404 error when it is neither. */
export function itemKind(store: Store, id: string): ItemKind {
  if (store.db.prepare(`SELECT 1 FROM runs WHERE id = ?`).get(id)) return 'run'
  if (store.db.prepare(`SELECT 1 FROM sweeps WHERE id = ?`).get(id)) return 'sweep'
  throw notFound(id)
}

/** Add and remove tags on a run or sweep; returns its tags after the change. */
export function editTags(store: Store, id: string, change: { add?: string[]; remove?: string[] }): string[] {
  itemKind(store, id)
  for (const tag of change.add ?? []) {
    const problem = tagProblem(tag)
    if (problem) throw Object.assign(new Error(problem), { status: 400 })
  }
  return store.transaction(() => {
    const insert = store.db.prepare(`INSERT OR IGNORE INTO tags (item_id, tag) VALUES (?, ?)`)
    const remove = store.db.prepare(`DELETE FROM tags WHERE item_id = ? AND tag = ?`)
    for (const tag of change.add ?? []) insert.run(id, tag)
    for (const tag of change.remove ?? []) remove.run(id, tag)
    return store.tagsOf([id]).get(id) ?? []
  })
}

/** Set (or, with null or blank text, clear) the markdown note of a run or sweep. */
/** The longest note, in characters (the API's limit too). */
export const NOTE_MAX_CHARS = 100_000

export function setNote(store: Store, id: string, note: string | null): void {
  if (note !== null && note.length > NOTE_MAX_CHARS) {
    throw Object.assign(new Error(`a note is at most ${NOTE_MAX_CHARS.toLocaleString('en-US')} characters; this one has ${note.length.toLocaleString('en-US')}`), { status: 400 })
  }
  const table = itemKind(store, id) === 'run' ? 'runs' : 'sweeps'
  store.db.prepare(`UPDATE ${table} SET note = ? WHERE id = ?`).run(note?.trim() ? note : null, id)
}

export function renameSweep(store: Store, id: string, title: string): void {
  const trimmed = title.trim()
  if (!trimmed) throw Object.assign(new Error('a sweep title cannot be empty'), { status: 400 })
  if (store.db.prepare(`UPDATE sweeps SET title = ? WHERE id = ?`).run(trimmed, id).changes === 0) {
    throw Object.assign(new Error(`no sweep "${id}"`), { status: 404 })
  }
}

/** Move runs and sweeps to the trash. Refused for work still queued or running (cancel it first). */
export function trashItems(store: Store, ids: string[]): { runs: number; sweeps: number } {
  return store.transaction(() => {
    let runs = 0
    let sweeps = 0
    const now = Date.now()
    for (const id of ids) {
      const kind = itemKind(store, id)
      const active = store.db
        .prepare(`SELECT count(*) AS n FROM runs WHERE ${kind === 'run' ? 'id' : 'sweep_id'} = ? AND status IN ('queued', 'running')`)
        .get(id) as { n: number }
      if (active.n > 0) throw refused(`${kind} ${id} has ${active.n} queued or running run${active.n === 1 ? '' : 's'}: cancel it first`)
      const changed = store.db.prepare(`UPDATE ${kind === 'run' ? 'runs' : 'sweeps'} SET deleted_at = ? WHERE id = ? AND deleted_at IS NULL`).run(now, id).changes
      if (kind === 'run') runs += changed
      else sweeps += changed
    }
    return { runs, sweeps }
  })
}

/** Bring runs and sweeps back from the trash (restoring a run of a deleted sweep restores that sweep). */
export function restoreItems(store: Store, ids: string[]): { runs: number; sweeps: number } {
  return store.transaction(() => {
    let runs = 0
    let sweeps = 0
    for (const id of ids) {
      if (itemKind(store, id) === 'run') {
        runs += store.db.prepare(`UPDATE runs SET deleted_at = NULL WHERE id = ? AND deleted_at IS NOT NULL`).run(id).changes
        sweeps += store.db
          .prepare(`UPDATE sweeps SET deleted_at = NULL WHERE id = (SELECT sweep_id FROM runs WHERE id = ?) AND deleted_at IS NOT NULL`)
          .run(id).changes
      } else {
        sweeps += store.db.prepare(`UPDATE sweeps SET deleted_at = NULL WHERE id = ? AND deleted_at IS NOT NULL`).run(id).changes
      }
    }
    return { runs, sweeps }
  })
}

/**
 * Remove trashed runs and sweeps for good, with their results and tags: the given ids (each must be in the trash),
 * or the whole trash when `ids` is undefined.
 */
/** What emptying the trash would remove: trashed sweeps, and runs trashed alone or with their sweep. */
export function trashCounts(store: Store): { runs: number; sweeps: number } {
  const sweeps = (store.db.prepare(`SELECT count(*) AS n FROM sweeps WHERE deleted_at IS NOT NULL`).get() as { n: number }).n
  const runs = (store.db
    .prepare(`SELECT count(*) AS n FROM runs r JOIN sweeps s ON s.id = r.sweep_id WHERE r.deleted_at IS NOT NULL OR s.deleted_at IS NOT NULL`)
    .get() as { n: number }).n
  return { runs, sweeps }
}

export function purgeTrash(store: Store, ids?: string[]): { runs: number; sweeps: number } {
  return store.transaction(() => {
    const sweepIds =
      ids === undefined
        ? (store.db.prepare(`SELECT id FROM sweeps WHERE deleted_at IS NOT NULL`).all() as Array<{ id: string }>).map((r) => r.id)
        : ids.filter((id) => itemKind(store, id) === 'sweep')
    const runIds =
      ids === undefined
        ? (store.db.prepare(`SELECT id FROM runs WHERE deleted_at IS NOT NULL`).all() as Array<{ id: string }>).map((r) => r.id)
        : ids.filter((id) => !sweepIds.includes(id))
    const sweepTrashed = store.db.prepare(`SELECT 1 FROM sweeps WHERE id = ? AND deleted_at IS NOT NULL`)
    const runTrashed = store.db.prepare(
      `SELECT 1 FROM runs r JOIN sweeps s ON s.id = r.sweep_id WHERE r.id = ? AND (r.deleted_at IS NOT NULL OR s.deleted_at IS NOT NULL)`,
    )
    for (const id of sweepIds) if (!sweepTrashed.get(id)) throw refused(`sweep ${id} is not in the trash (delete it first)`)
    for (const id of runIds) if (!runTrashed.get(id)) throw refused(`run ${id} is not in the trash (delete it first)`)
    const dropTags = store.db.prepare(`DELETE FROM tags WHERE item_id = ?`)
    const dropSweepRunTags = store.db.prepare(`DELETE FROM tags WHERE item_id IN (SELECT id FROM runs WHERE sweep_id = ?)`)
    let runs = 0
    for (const id of sweepIds) {
      dropSweepRunTags.run(id)
      dropTags.run(id)
      runs += (store.db.prepare(`SELECT count(*) AS n FROM runs WHERE sweep_id = ?`).get(id) as { n: number }).n
      store.db.prepare(`DELETE FROM sweeps WHERE id = ?`).run(id)
    }
    for (const id of runIds) {
      dropTags.run(id)
      runs += store.db.prepare(`DELETE FROM runs WHERE id = ?`).run(id).changes
    }
    return { runs, sweeps: sweepIds.length }
  })
}
