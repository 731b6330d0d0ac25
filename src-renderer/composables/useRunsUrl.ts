/**
 * The runs view's state in the URL: a link or reload restores the query, sort, columns, status, sweep and trash;
 * every change is written back (and kept as the view's last state by the app store).
 */
import { watch } from 'vue'
import { useAppStore } from '../stores/app'
import { useRunsStore } from '../stores/runs'
import { runsFromParams, runsToParams, toQuery } from '../util/viewState'
import type { RunStatus } from '../../src-shared/api/lab'

export function useRunsUrl() {
  const app = useAppStore()
  const store = useRunsStore()
  const current = () => runsToParams({ sweepId: store.sweepId, status: store.status, query: store.query, sort: store.sort, columns: store.columns, trash: store.trash })

  watch(
    () => (app.view === 'runs' ? app.params : null),
    (params) => {
      if (!params || toQuery(params) === toQuery(current())) return
      const next = runsFromParams(params)
      if (next.sweepId !== undefined) store.sweepId = next.sweepId
      if (next.status !== undefined) store.status = next.status as RunStatus | ''
      if (next.query !== undefined && next.query !== store.query.trim()) store.query = next.query
      if (next.sort !== undefined && JSON.stringify(next.sort) !== JSON.stringify(store.sort)) store.sort = next.sort
      if (next.columns && next.columns.join(',') !== store.columns.join(',')) store.columns = next.columns
      if (next.trash !== undefined && next.trash !== store.trash) store.trash = next.trash
    },
    { immediate: true },
  )
  watch(current, (params) => {
    if (app.view === 'runs') app.replaceParams(params)
  })
}
