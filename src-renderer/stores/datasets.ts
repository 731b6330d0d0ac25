/** Datasets view state: the import wizard (file, preview, editable column roles, bin width) and the list. */
import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { DatasetInfo, DatasetPreview } from '../../src-shared/api/lab'
import type { ColumnRole } from '../../src-shared/api/dataset'
import { lab } from '../api/lab'
import { useAppStore } from './app'

export const useDatasetsStore = defineStore('datasets', () => {
  const app = useAppStore()
  const list = ref<DatasetInfo[]>([])
  const file = ref<{ fileName: string; content: string } | null>(null)
  const name = ref('')
  const roles = ref<Record<string, ColumnRole>>({})
  const binWidth = ref<number | null>(null)
  const preview = ref<DatasetPreview | null>(null)
  const error = ref<string | null>(null)
  const busy = ref(false)

  async function loadList() {
    list.value = await lab.listDatasets({})
  }

  async function refreshPreview() {
    if (!file.value) return
    busy.value = true
    try {
      preview.value = await lab.previewDataset({ ...file.value, roles: Object.keys(roles.value).length ? roles.value : undefined, binWidth: binWidth.value ?? undefined })
      roles.value = Object.fromEntries(preview.value.columns.map((c) => [c.name, c.role]))
      binWidth.value = preview.value.binWidth
      error.value = null
    } catch (e) {
      preview.value = null
      error.value = e instanceof Error ? e.message : String(e)
    } finally {
      busy.value = false
    }
  }

  async function pick(fileName: string, content: string) {
    file.value = { fileName, content }
    name.value = fileName.replace(/\.csv$/i, '')
    roles.value = {}
    binWidth.value = null
    await refreshPreview()
  }

  function setRole(column: string, role: ColumnRole) {
    roles.value = { ...roles.value, [column]: role }
    void refreshPreview()
  }

  async function importFile() {
    if (!file.value) return
    busy.value = true
    try {
      const info = await lab.importDataset({ ...file.value, name: name.value, roles: roles.value, binWidth: binWidth.value ?? undefined })
      app.notify(`Imported "${info.name}": ${info.rows} rows, ${info.neurons} neurons`)
      file.value = null
      preview.value = null
      await loadList()
    } catch (e) {
      error.value = e instanceof Error ? e.message : String(e)
    } finally {
      busy.value = false
    }
  }

  function reset() {
    file.value = null
    preview.value = null
    error.value = null
  }

  return { list, file, name, roles, binWidth, preview, error, busy, loadList, refreshPreview, pick, setRole, importFile, reset }
})
