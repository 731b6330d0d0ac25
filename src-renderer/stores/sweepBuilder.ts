/** Sweep builder state: the draft sweep (from a preset or blank), its axes, the plan (run count, time), launching. */
import { defineStore } from 'pinia'
import { computed, ref, watch } from 'vue'
import { EXPERIMENT_KINDS, ExperimentSpec, type SweepAxis, type SweepSpec } from '../../src-shared/spec/experiment'
import { cloneJson, getPath, setPath } from '../../src-shared/spec/sweep'
import type { PresetInfo, SweepPlan } from '../../src-shared/api/lab'
import type { TeacherSpec } from '../../src-shared/spec/teacher'
import { lab } from '../api/lab'
import { useAppStore } from './app'

export interface FieldDef {
  path: string
  label: string
  type: 'int' | 'number' | 'bool' | 'select' | 'text' | 'dataset'
  options?: string[]
  group: 'experiment' | 'student' | 'data' | 'optimizer' | 'stopping'
}

/** The spec fields the form shows; any other path can still be set through an axis or the JSON editor. */
export const fields: FieldDef[] = [
  { path: 'experiment', label: 'Procedure', type: 'select', options: [...EXPERIMENT_KINDS], group: 'experiment' },
  { path: 'student.kind', label: 'Student', type: 'select', options: ['linear', 'gru', 'lstm'], group: 'student' },
  { path: 'student.width', label: 'Width d', type: 'int', group: 'student' },
  { path: 'student.parameterization', label: 'A parameterisation', type: 'select', options: ['general', 'symmetric', 'diagonal'], group: 'student' },
  { path: 'student.balanced', label: 'Balanced B = Cᵀ', type: 'bool', group: 'student' },
  { path: 'student.init.kind', label: 'Init', type: 'select', options: ['gaussian', 'xavier', 'pytorch-default', 'emami21'], group: 'student' },
  { path: 'student.init.scale', label: 'Init scale', type: 'number', group: 'student' },
  { path: 'data.loss', label: 'Loss', type: 'select', options: ['population', 'empirical'], group: 'data' },
  { path: 'data.length', label: 'Length k', type: 'int', group: 'data' },
  { path: 'data.target', label: 'Target', type: 'select', options: ['last', 'every'], group: 'data' },
  { path: 'data.batchSize', label: 'Batch size', type: 'int', group: 'data' },
  { path: 'data.dataset', label: 'Dataset', type: 'dataset', group: 'data' },
  { path: 'optimizer.kind', label: 'Optimiser', type: 'select', options: ['gd', 'sgd', 'adam'], group: 'optimizer' },
  { path: 'optimizer.lr', label: 'Learning rate', type: 'number', group: 'optimizer' },
  { path: 'stopping.maxSteps', label: 'Max steps', type: 'int', group: 'stopping' },
  { path: 'stopping.lossThreshold', label: 'Stop below loss', type: 'number', group: 'stopping' },
  { path: 'metrics.horizon', label: 'Horizon H', type: 'int', group: 'stopping' },
]

export interface AxisDraft {
  /** A path axis the user edits as text, or a preset's variant axis kept whole. */
  path: string
  valuesText: string
  variant?: Extract<SweepAxis, { name: string }>
}

const blank = (): SweepSpec => ({ title: 'New sweep', description: '', base: {}, axes: [], seeds: [0] })

function parseValues(text: string): unknown[] {
  return text
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0)
    .map((s) => {
      try {
        return JSON.parse(s) as unknown
      } catch {
        return s
      }
    })
}

export const useSweepBuilderStore = defineStore('sweepBuilder', () => {
  const app = useAppStore()
  const presets = ref<PresetInfo[]>([])
  const presetId = ref<string>('')
  const scale = ref<'quick' | 'paper'>('quick')
  const title = ref('New sweep')
  const base = ref<Record<string, unknown>>({})
  const axes = ref<AxisDraft[]>([])
  const seedCount = ref(1)
  const plan = ref<SweepPlan | null>(null)
  const planError = ref<string | null>(null)
  const launching = ref(false)
  let planTimer: ReturnType<typeof setTimeout> | undefined
  let planSequence = 0

  const preset = computed(() => presets.value.find((p) => p.id === presetId.value) ?? null)

  const sweep = computed<SweepSpec>(() => ({
    title: title.value,
    description: preset.value?.description ?? '',
    base: base.value,
    axes: axes.value.map((a): SweepAxis => a.variant ?? { path: a.path, values: parseValues(a.valuesText) }),
    seeds: Array.from({ length: Math.max(1, seedCount.value) }, (_, i) => i),
  }))

  /** The value a run would get: the draft's, else the spec default. */
  const effective = computed<Record<string, unknown>>(() => {
    const parsed = ExperimentSpec.safeParse(base.value)
    return parsed.success ? (parsed.data as unknown as Record<string, unknown>) : base.value
  })

  function fieldValue(path: string): unknown {
    return getPath(effective.value, path)
  }

  function setField(path: string, value: unknown) {
    const next = cloneJson(base.value)
    if (value === '' || value === undefined) setPath(next, path, null)
    else setPath(next, path, value)
    base.value = next
  }

  function setTeacher(teacher: TeacherSpec) {
    setField('teacher', teacher)
  }

  function load(spec: SweepSpec) {
    title.value = spec.title
    base.value = cloneJson(spec.base)
    axes.value = spec.axes.map((axis) =>
      'path' in axis ? { path: axis.path, valuesText: axis.values.map((v) => JSON.stringify(v)).join(', ') } : { path: axis.name, valuesText: axis.variants.map((v) => v.label).join(', '), variant: axis },
    )
    seedCount.value = spec.seeds.length
  }

  async function loadPresets() {
    presets.value = await lab.listPresets({})
  }

  async function choosePreset(id: string) {
    presetId.value = id
    if (!id) return load(blank())
    try {
      const { sweep: spec } = await lab.getPreset({ id, scale: scale.value })
      load(spec)
    } catch (error) {
      app.reportError(error)
    }
  }

  function addAxis(path = 'data.length', valuesText = '') {
    axes.value.push({ path, valuesText: valuesText || JSON.stringify(fieldValue(path) ?? '') })
  }
  function removeAxis(index: number) {
    axes.value.splice(index, 1)
  }

  async function refreshPlan() {
    const mine = ++planSequence
    try {
      const result = await lab.planSweep({ sweep: sweep.value })
      if (mine !== planSequence) return
      plan.value = result
      planError.value = null
    } catch (error) {
      if (mine !== planSequence) return
      plan.value = null
      planError.value = error instanceof Error ? error.message : String(error)
    }
  }
  watch(sweep, () => {
    clearTimeout(planTimer)
    planTimer = setTimeout(refreshPlan, 150)
  }, { deep: true })

  async function launch() {
    launching.value = true
    try {
      const summary = await lab.launchSweep({ sweep: sweep.value, preset: presetId.value || null, scale: presetId.value ? scale.value : null })
      app.notify(`Launched "${summary.title}": ${summary.total} runs`)
      app.go('runs', { sweep: summary.id })
      return summary
    } catch (error) {
      app.reportError(error)
      return null
    } finally {
      launching.value = false
    }
  }

  return { presets, presetId, scale, title, base, axes, seedCount, plan, planError, launching, preset, sweep, fieldValue, setField, setTeacher, load, loadPresets, choosePreset, addAxis, removeAxis, refreshPlan, launch }
})
