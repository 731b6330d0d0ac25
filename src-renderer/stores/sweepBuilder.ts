/** Sweep builder state: the draft sweep (from a preset or blank), its axes, the plan (run count, time), launching. */
import { defineStore } from 'pinia'
import { computed, ref, watch } from 'vue'
import { EXPERIMENT_KINDS, ExperimentSpec, type Scale, type SweepAxis, type SweepSpec } from '../../src-shared/spec/experiment'
import { checkSweep, cloneJson, getPath, setPath } from '../../src-shared/spec/sweep'
import { formatIssues, issuesFrom, type SpecIssue } from '../../src-shared/spec/issues'
import type { PresetInfo, SweepPlan } from '../../src-shared/api/lab'
import type { TeacherSpec } from '../../src-shared/spec/teacher'
import { paramLabel } from '../../src-shared/catalogue'
import { lab } from '../api/lab'
import { useAppStore } from './app'
import { BLANK_SWEEP, type SweepUrlState } from '../util/editorState'

export interface FieldDef {
  path: string
  label: string
  type: 'int' | 'number' | 'bool' | 'select' | 'text' | 'dataset'
  options?: string[]
  group: 'experiment' | 'student' | 'data' | 'optimizer' | 'stopping'
}

/** A swept parameter's name as the charts and tables say it (the catalogue's), capitalised for a form label. */
const catalogueLabel = (path: string) => paramLabel(path).replace(/^./, (c) => c.toUpperCase())

/** The spec fields the form shows; any other path can still be set through an axis or the JSON editor. */
export const fields: FieldDef[] = [
  { path: 'experiment', label: 'Procedure', type: 'select', options: [...EXPERIMENT_KINDS], group: 'experiment' },
  { path: 'student.kind', label: 'Student', type: 'select', options: ['linear', 'gru', 'lstm'], group: 'student' },
  { path: 'student.width', label: catalogueLabel('student.width'), type: 'int', group: 'student' },
  { path: 'student.parameterization', label: 'A parameterisation', type: 'select', options: ['general', 'symmetric', 'diagonal'], group: 'student' },
  { path: 'student.balanced', label: 'Balanced B = Cᵀ', type: 'bool', group: 'student' },
  { path: 'student.init.kind', label: 'Init', type: 'select', options: ['gaussian', 'xavier', 'pytorch-default', 'emami21'], group: 'student' },
  { path: 'student.init.scale', label: catalogueLabel('student.init.scale'), type: 'number', group: 'student' },
  { path: 'data.loss', label: 'Loss', type: 'select', options: ['population', 'empirical'], group: 'data' },
  { path: 'data.length', label: catalogueLabel('data.length'), type: 'int', group: 'data' },
  { path: 'data.target', label: 'Target', type: 'select', options: ['last', 'every'], group: 'data' },
  { path: 'data.batchSize', label: 'Batch size', type: 'int', group: 'data' },
  { path: 'data.dataset', label: 'Dataset', type: 'dataset', group: 'data' },
  { path: 'optimizer.kind', label: 'Optimiser', type: 'select', options: ['gd', 'sgd', 'adam'], group: 'optimizer' },
  { path: 'optimizer.lr', label: 'Learning rate', type: 'number', group: 'optimizer' },
  { path: 'stopping.maxSteps', label: 'Max steps', type: 'int', group: 'stopping' },
  { path: 'stopping.lossThreshold', label: 'Stop below loss', type: 'number', group: 'stopping' },
  { path: 'metrics.horizon', label: 'Horizon H', type: 'int', group: 'stopping' },
]

interface AxisDraft {
  /** A path axis the user edits as text, or a preset's variant axis kept whole. */
  path: string
  valuesText: string
  variant?: Extract<SweepAxis, { name: string }>
}

/** An axis is swept once it has a path and at least one value; until then it is a draft the plan leaves out. */
const isComplete = (axis: AxisDraft) => !!axis.variant || (axis.path.trim() !== '' && parseValues(axis.valuesText).length > 0)

/** Remove a dotted path from a draft (or its parent when the path is already absent). Returns whether it changed. */
function removePath(draft: Record<string, unknown>, path: string): boolean {
  const keys = path.split('.')
  for (let n = keys.length; n > 0; n--) {
    const parent = n === 1 ? draft : getPath(draft, keys.slice(0, n - 1).join('.'))
    const key = keys[n - 1]
    if (parent && typeof parent === 'object' && Object.prototype.hasOwnProperty.call(parent, key)) {
      delete (parent as Record<string, unknown>)[key]
      return true
    }
  }
  return false
}

/**
 * The draft with every invalid field left out, parsed (so the form shows defaults for the rest), and the paths that
 * were invalid (the form shows what the user typed there, with its error).
 */
function effectiveSpec(base: Record<string, unknown>): { spec: Record<string, unknown>; invalid: string[] } {
  const draft = cloneJson(base)
  const invalid: string[] = []
  for (let attempt = 0; attempt < 20; attempt++) {
    const parsed = ExperimentSpec.safeParse(draft)
    if (parsed.success) return { spec: parsed.data as unknown as Record<string, unknown>, invalid }
    let changed = false
    for (const issue of issuesFrom(parsed.error, ExperimentSpec, draft)) {
      invalid.push(issue.path)
      changed = (issue.path !== '' && removePath(draft, issue.path)) || changed
    }
    if (!changed) break
  }
  return { spec: draft, invalid }
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
  const scale = ref<Scale>('quick')
  const title = ref('New sweep')
  const base = ref<Record<string, unknown>>({})
  const axes = ref<AxisDraft[]>([])
  const seedCount = ref(1)
  const plan = ref<SweepPlan | null>(null)
  const planError = ref<string | null>(null)
  /** The shared spec check's issues for the draft, shown beside their fields and axes. */
  const issues = ref<SpecIssue[]>([])
  const launching = ref(false)
  /** The sweep as its preset (or blank) loaded it: the URL holds what differs from it. */
  const reference = ref<SweepUrlState['sweep']>(BLANK_SWEEP)
  let planTimer: ReturnType<typeof setTimeout> | undefined
  let planSequence = 0

  const preset = computed(() => presets.value.find((p) => p.id === presetId.value) ?? null)

  const sweep = computed<SweepSpec>(() => ({
    title: title.value,
    description: preset.value?.description ?? '',
    base: base.value,
    axes: axes.value.filter(isComplete).map((a): SweepAxis => a.variant ?? { path: a.path.trim(), values: parseValues(a.valuesText) }),
    seeds: Array.from({ length: Math.max(1, seedCount.value) }, (_, i) => i),
  }))

  /** The value a run would get: the draft's, else the spec default; an invalid field keeps what was typed. */
  const effective = computed(() => effectiveSpec(base.value))

  function fieldValue(path: string): unknown {
    const invalid = effective.value.invalid.some((p) => p === path || path.startsWith(`${p}.`))
    return getPath(invalid ? base.value : effective.value.spec, path)
  }

  /** The issue of a base field (`data.length`), from the check of the base or of a run that field breaks. */
  function fieldIssue(path: string): string | null {
    const issue = issues.value.find((i) => {
      const at = i.path.startsWith('base.') ? i.path.slice(5) : i.path
      return at === path || at.startsWith(`${path}.`)
    })
    // Name the run only when the sweep has more than seeds (then it says which axis value breaks the field).
    const run = issue?.run && !/^run \(seed=\d+\)$/.test(issue.run) ? `${issue.run}: ` : ''
    return issue ? `${run}${issue.message}` : null
  }

  /** The issue of the i-th axis as drafted (its path checked against the spec, nearest valid path suggested). */
  function axisIssue(index: number): string | null {
    const draft = axes.value[index]
    if (!draft || draft.variant) return null
    if (!isComplete(draft)) return draft.path.trim() ? 'add values to sweep this axis' : null
    const position = axes.value.slice(0, index).filter(isComplete).length
    return issues.value.find((i) => i.path === `axes.${position}.path` || i.path.startsWith(`axes.${position}.`))?.message ?? null
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
    if (!id) {
      reference.value = BLANK_SWEEP
      return load(blank())
    }
    // A preset without the chosen scale (lab is offered by few) starts from its quick scale.
    const offered = presets.value.find((p) => p.id === id)?.scales ?? ['quick']
    if (!offered.includes(scale.value)) scale.value = 'quick'
    try {
      const { sweep: spec } = await lab.getPreset({ id, scale: scale.value })
      load(spec)
      const { title: t, base: b, axes: a, seeds } = sweep.value
      reference.value = cloneJson({ title: t, base: b, axes: a, seeds })
    } catch (error) {
      app.reportError(error)
    }
  }

  /** A new axis starts empty (the placeholders show an example), so typing never appends to pre-filled text. */
  function addAxis(path = '', valuesText = '') {
    axes.value.push({ path, valuesText })
  }
  function removeAxis(index: number) {
    axes.value.splice(index, 1)
  }

  async function refreshPlan() {
    const mine = ++planSequence
    issues.value = checkSweep(sweep.value).issues
    if (issues.value.length > 0) {
      plan.value = null
      planError.value = formatIssues(issues.value, 'Not launchable')
      return
    }
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

  return { presets, presetId, scale, title, base, axes, seedCount, plan, planError, issues, launching, reference, preset, sweep, fieldValue, fieldIssue, axisIssue, setField, setTeacher, load, loadPresets, choosePreset, addAxis, removeAxis, refreshPlan, launch }
})
