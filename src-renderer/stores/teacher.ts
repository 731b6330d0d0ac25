/** Teacher designer state: the teacher being edited, its live preview, poles for the designer, saved designs. */
import { defineStore } from 'pinia'
import { ref, watch } from 'vue'
import { TeacherSpec } from '../../src-shared/spec/teacher'
import type { SavedTeacher, TeacherPreview } from '../../src-shared/api/lab'
import { lab } from '../api/lab'
import { fitPoleWeights, polesFromEigenvalues, polesToTeacher, type Pole } from '../util/poles'
import { useAppStore } from './app'

export type DesignerKind = TeacherSpec['kind']

/** The kinds the designer offers, with the fields a fresh one starts from. */
export const teacherKinds: Array<{ kind: DesignerKind; label: string; start: Record<string, unknown> }> = [
  { kind: 'memoryless', label: 'Memoryless (y = w x)', start: {} },
  { kind: 'random-stable', label: 'Random stable', start: { dim: 3 } },
  { kind: 'iclr23-balanced', label: 'ICLR23 balanced', start: {} },
  { kind: 'delay', label: 'Delay', start: { dim: 10 } },
  { kind: 'unbalanced', label: 'Unbalanced (ICLR23 3b)', start: {} },
  { kind: 'emami21', label: 'EMAMI21 width-scaled', start: {} },
  { kind: 'explicit', label: 'Explicit (poles / matrices)', start: {} },
  { kind: 'gru', label: 'GRU teacher', start: { trainSteps: 200 } },
]

const defaultPoles: Pole[] = [
  { re: 0.9, im: 0, weight: 0.6 },
  { re: 0.5, im: 0.5, weight: 0.4 },
  { re: -0.3, im: 0, weight: 0.2 },
]

export const useTeacherStore = defineStore('teacher', () => {
  const app = useAppStore()
  const poles = ref<Pole[]>(defaultPoles.map((p) => ({ ...p })))
  /** 'poles': A, B, C follow the pole designer; 'matrices': the JSON the user typed. */
  const explicitMode = ref<'poles' | 'matrices'>('poles')
  const spec = ref<TeacherSpec>(polesToTeacher(poles.value))
  const horizon = ref(60)
  const preview = ref<TeacherPreview | null>(null)
  const previewError = ref<string | null>(null)
  const loading = ref(false)
  const saved = ref<SavedTeacher[]>([])
  let sequence = 0
  let timer: ReturnType<typeof setTimeout> | undefined

  function setKind(kind: DesignerKind) {
    if (kind === 'explicit') {
      // Coming from another kind, start from its eigenvalues; an explicit design keeps its own poles and weights.
      if (spec.value.kind !== 'explicit' && preview.value?.eigenvalues.length) poles.value = polesFromEigenvalues(preview.value.eigenvalues)
      explicitMode.value = 'poles'
      spec.value = polesToTeacher(poles.value)
      return
    }
    const start = teacherKinds.find((k) => k.kind === kind)?.start ?? {}
    spec.value = TeacherSpec.parse({ kind, ...start })
  }

  /** Replace one field of the current spec, validated; a bad value leaves the spec unchanged and says why. */
  function setField(field: string, value: unknown) {
    const result = TeacherSpec.safeParse({ ...spec.value, [field]: value })
    if (result.success) {
      spec.value = result.data
      previewError.value = null
    } else previewError.value = `${field}: ${result.error.issues[0]?.message ?? 'invalid'}`
  }

  function setPoles(next: Pole[]) {
    poles.value = next
    explicitMode.value = 'poles'
    spec.value = polesToTeacher(next, spec.value.kind === 'explicit' ? (spec.value.name ?? 'designed') : 'designed')
  }

  /**
   * Leave the matrices editor for the pole designer without losing the edit: the poles become the edited A's
   * eigenvalues, weighted to reproduce its impulse response.
   */
  async function backToPoles() {
    if (spec.value.kind !== 'explicit' || explicitMode.value !== 'matrices') return setPoles(poles.value)
    try {
      const edited = await lab.previewTeacher({ teacher: spec.value, horizon: horizon.value })
      const eigen = polesFromEigenvalues(edited.eigenvalues)
      setPoles(edited.impulse && eigen.length ? fitPoleWeights(eigen, edited.impulse) : eigen)
    } catch (error) {
      app.reportError(error)
    }
  }

  function setMatrices(json: string) {
    try {
      const parsed = JSON.parse(json) as Record<string, unknown>
      const result = TeacherSpec.safeParse({ kind: 'explicit', ...parsed })
      if (!result.success) throw new Error(result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '))
      explicitMode.value = 'matrices'
      spec.value = result.data
      previewError.value = null
    } catch (error) {
      previewError.value = error instanceof Error ? error.message : String(error)
    }
  }

  async function refreshPreview() {
    const mine = ++sequence
    loading.value = true
    try {
      const result = await lab.previewTeacher({ teacher: spec.value, horizon: horizon.value })
      if (mine === sequence) {
        preview.value = result
        previewError.value = null
      }
    } catch (error) {
      if (mine === sequence) previewError.value = error instanceof Error ? error.message : String(error)
    } finally {
      if (mine === sequence) loading.value = false
    }
  }

  /** Dragging a pole changes the spec many times a second: preview at most every 80 ms. */
  watch([spec, horizon], () => {
    clearTimeout(timer)
    timer = setTimeout(refreshPreview, 80)
  }, { deep: true })

  async function loadSaved() {
    saved.value = await lab.listTeachers({})
  }

  async function save(name: string) {
    try {
      const teacher = spec.value.kind === 'explicit' ? { ...spec.value, name } : spec.value
      await lab.saveTeacher({ name, teacher })
      await loadSaved()
      app.notify(`Saved teacher "${name}"`)
    } catch (error) {
      app.reportError(error)
    }
  }

  function open(entry: SavedTeacher) {
    spec.value = entry.teacher
    if (entry.teacher.kind === 'explicit') explicitMode.value = 'matrices'
  }

  async function remove(name: string) {
    await lab.deleteTeacher({ name })
    await loadSaved()
  }

  return { poles, explicitMode, spec, horizon, preview, previewError, loading, saved, setKind, setField, setPoles, backToPoles, setMatrices, refreshPreview, loadSaved, save, open, remove }
})
