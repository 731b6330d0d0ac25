/**
 * The Sweep builder's, the Teacher designer's and the Datasets view's state in the URL (encoding in
 * util/editorState.ts): a link or reload restores it, every change is written back (after a pause, so typing or
 * dragging a pole does not rewrite the address on every key). A bare `#/sweep` keeps what the view holds: "Use in
 * sweep" and the menu open the builder that way.
 */
import { watch } from 'vue'
import { useAppStore, type ViewName } from '../stores/app'
import { useSweepBuilderStore } from '../stores/sweepBuilder'
import { useTeacherStore } from '../stores/teacher'
import { useDatasetsStore } from '../stores/datasets'
import { toQuery, type Params } from '../util/viewState'
import { applySweepRequest, datasetsFromParams, datasetsToParams, sweepFromParams, sweepToParams, teacherFromParams, teacherToParams } from '../util/editorState'

const WRITE_DELAY_MS = 300

function useViewUrl(view: ViewName, current: () => Params, apply: (params: Params) => Promise<void> | void) {
  const app = useAppStore()
  let applying = false
  let timer: ReturnType<typeof setTimeout> | undefined
  const write = () => {
    if (app.view === view && toQuery(app.params) !== toQuery(current())) app.replaceParams(current())
  }
  watch(
    () => (app.view === view ? app.params : null),
    async (params) => {
      if (!params || toQuery(params) === toQuery(current())) return
      if (Object.keys(params).length > 0) {
        applying = true
        try {
          await apply(params)
        } finally {
          applying = false
        }
      }
      write()
    },
    { immediate: true },
  )
  watch(current, () => {
    if (applying) return
    clearTimeout(timer)
    timer = setTimeout(write, WRITE_DELAY_MS)
  })
}

export function useSweepUrl() {
  const app = useAppStore()
  const store = useSweepBuilderStore()
  useViewUrl(
    'sweep',
    () => sweepToParams({ preset: store.presetId, scale: store.scale, sweep: store.sweep }, store.reference),
    async (params) => {
      const request = sweepFromParams(params)
      if (request instanceof Error) return app.notify(`This link's sweep cannot be read: ${request.message}`, 'error')
      if (store.presets.length === 0) await store.loadPresets()
      store.scale = request.scale
      await store.choosePreset(request.preset)
      store.load({ ...applySweepRequest(store.reference, request), description: '' })
    },
  )
}

export function useTeacherUrl() {
  const app = useAppStore()
  const store = useTeacherStore()
  useViewUrl(
    'teacher',
    () => teacherToParams({ spec: store.spec, horizon: store.horizon, poles: store.spec.kind === 'explicit' && store.explicitMode === 'poles' ? store.poles : null }),
    (params) => {
      const state = teacherFromParams(params)
      if (state instanceof Error) return app.notify(`This link's teacher cannot be read: ${state.message}`, 'error')
      store.horizon = state.horizon
      if (state.poles) return store.setPoles(state.poles)
      store.spec = state.spec
      if (state.spec.kind === 'explicit') store.explicitMode = 'matrices'
    },
  )
}

export function useDatasetsUrl() {
  const store = useDatasetsStore()
  useViewUrl(
    'datasets',
    () => datasetsToParams(store.opened?.id ?? null),
    async (params) => {
      const id = datasetsFromParams(params)
      if (id) await store.open(id)
      else store.opened = null
    },
  )
}
