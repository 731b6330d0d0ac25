/**
 * Datasets view state: the import wizard (picked file, preview with every bad cell, editable column roles, bin width)
 * and the stored datasets (list, the one opened for preview, rename, delete).
 */
import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import type { DatasetDetail, DatasetInfo, DatasetPreview } from '../../src-shared/api/lab'
import type { ColumnRole } from '../../src-shared/data/columnRoles'
import { csvSourceFor, lab, type CsvSourceRef } from '../api/lab'
import { useAppStore } from './app'

const message = (e: unknown) => (e instanceof Error ? e.message : String(e))

/** Rows read for an opened dataset: its traces plot them, its table shows the first few. */
const PREVIEW_ROWS = 200

export const useDatasetsStore = defineStore('datasets', () => {
  const app = useAppStore()
  const list = ref<DatasetInfo[]>([])
  const file = ref<CsvSourceRef | null>(null)
  const name = ref('')
  const roles = ref<Record<string, ColumnRole>>({})
  /** A bin width the user typed (null: the one detected from the time column). */
  const binWidth = ref<number | null>(null)
  const preview = ref<DatasetPreview | null>(null)
  const error = ref<string | null>(null)
  /** Reading the file and detecting roles (seconds for a large recording): the view shows a spinner. */
  const detecting = ref(false)
  const importing = ref(false)
  const busy = computed(() => detecting.value || importing.value)
  /** Columns holding bad cells, in file order, for the "ignore this column" buttons. */
  const badColumns = computed(() => [...new Set((preview.value?.problems ?? []).map((p) => p.column).filter((c): c is string => c !== null))])
  const opened = ref<DatasetDetail | null>(null)
  const listError = ref<string | null>(null)
  let previewSequence = 0

  async function loadList() {
    list.value = await lab.listDatasets({})
  }

  async function refreshPreview() {
    if (!file.value) return
    const sequence = ++previewSequence
    detecting.value = true
    try {
      const next = await lab.previewDataset({ ...file.value, roles: Object.keys(roles.value).length ? roles.value : undefined, binWidth: binWidth.value ?? undefined })
      if (sequence !== previewSequence) return
      preview.value = next
      roles.value = Object.fromEntries(next.columns.map((c) => [c.name, c.role]))
      error.value = null
    } catch (e) {
      if (sequence !== previewSequence) return
      preview.value = null
      error.value = message(e)
    } finally {
      if (sequence === previewSequence) detecting.value = false
    }
  }

  async function start(source: CsvSourceRef) {
    file.value = source
    name.value = source.fileName.replace(/\.(csv|tsv|txt)$/i, '')
    roles.value = {}
    binWidth.value = null
    preview.value = null
    error.value = null
    await refreshPreview()
  }

  /** A file the user picked or dropped. */
  async function pickFile(picked: File) {
    detecting.value = true
    error.value = null
    try {
      await start(await csvSourceFor(picked))
    } catch (e) {
      detecting.value = false
      error.value = message(e)
    }
  }

  /** A file the desktop menu's open dialog chose, by the handle main made for it. */
  async function pickHandle(fileName: string, fileHandle: string) {
    await start({ fileName, fileHandle })
  }

  /** The desktop app: main runs its own open dialog and answers with a handle (null when the user cancelled). */
  async function chooseWithDialog() {
    try {
      const chosen = await lab.chooseDatasetFile({})
      if (chosen) await start(chosen)
    } catch (e) {
      error.value = message(e)
    }
  }

  function setBinWidth(seconds: number | null) {
    binWidth.value = seconds
    void refreshPreview()
  }

  function setRole(column: string, role: ColumnRole) {
    roles.value = { ...roles.value, [column]: role }
    void refreshPreview()
  }

  async function importFile() {
    if (!file.value) return
    importing.value = true
    try {
      const info = await lab.importDataset({ ...file.value, name: name.value, roles: roles.value, binWidth: binWidth.value ?? undefined })
      app.notify(`Imported "${info.name}" as ${info.id}: ${info.rows} rows, ${info.neurons} neurons`)
      reset()
      await loadList()
    } catch (e) {
      error.value = message(e)
    } finally {
      importing.value = false
    }
  }

  function reset() {
    previewSequence++
    file.value = null
    preview.value = null
    error.value = null
    detecting.value = false
  }

  async function open(id: string) {
    try {
      opened.value = await lab.getDataset({ ref: id, rows: PREVIEW_ROWS })
      listError.value = null
    } catch (e) {
      listError.value = message(e)
    }
  }

  async function rename(id: string, next: string) {
    try {
      const info = await lab.renameDataset({ id, name: next })
      if (opened.value?.id === id) opened.value = { ...opened.value, name: info.name }
      listError.value = null
      await loadList()
    } catch (e) {
      listError.value = message(e)
    }
  }

  async function remove(id: string) {
    try {
      await lab.deleteDataset({ id })
      if (opened.value?.id === id) opened.value = null
      listError.value = null
      app.notify(`Deleted dataset ${id}`)
      await loadList()
    } catch (e) {
      listError.value = message(e)
      // The refusal may come from runs started since the preview: show who uses it now.
      if (opened.value?.id === id) await open(id).then(() => (listError.value = message(e)))
    }
  }

  return {
    list, file, name, roles, binWidth, preview, error, detecting, importing, busy, badColumns, opened, listError,
    loadList, refreshPreview, pickFile, pickHandle, chooseWithDialog, setBinWidth, setRole, importFile, reset, open, rename, remove,
  }
})
