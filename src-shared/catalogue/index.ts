/**
 * The metric catalogue: one registry of every metric and series name with its label, unit, definition, the paper's
 * section and which way is better. Tables, CSV/CLI output, chart titles, axes and tooltips read their words here.
 */
import { METRICS } from './metrics'
import { AXIS_LABELS, CHARTS, SERIES, TWIN_MODEL_LABELS, TWIN_MODEL_NAMES } from './series'
import type { AxisMeaning, ChartEntry, MetricEntry, SeriesEntry } from './types'

export type { AxisMeaning, Better, ChartEntry, MetricEntry, MetricShape, SeriesEntry } from './types'
export { METRICS } from './metrics'
export { AXIS_LABELS, CHARTS, SERIES, TWIN_MODEL_LABELS, TWIN_MODEL_NAMES, seriesName } from './series'

/** What a family's slots matched: `r2_conv1d` → { model: 'conv1d' }. */
type Slots = Partial<Record<'model' | 'target' | 'n', string>>

const SLOT_PATTERNS: Record<string, string> = {
  model: `(${TWIN_MODEL_NAMES.join('|')})`,
  target: '(.+)',
  n: '(\\d+)',
}

interface Matcher<E> {
  entry: E
  regex: RegExp
  slots: string[]
}

function matchers<E extends { name: string }>(entries: readonly E[]): { exact: Map<string, E>; families: Matcher<E>[] } {
  const exact = new Map<string, E>()
  const families: Matcher<E>[] = []
  for (const entry of entries) {
    const slots = [...entry.name.matchAll(/\{(\w+)\}/g)].map((m) => m[1])
    if (slots.length === 0) exact.set(entry.name, entry)
    else families.push({ entry, slots, regex: new RegExp(`^${entry.name.replace(/\{(\w+)\}/g, (_, slot: string) => SLOT_PATTERNS[slot])}$`) })
  }
  return { exact, families }
}

const metricIndex = matchers(METRICS)
const seriesIndex = matchers(SERIES)
const chartIndex = new Map(CHARTS.map((c) => [c.id, c]))

function fill(text: string, slots: Slots): string {
  return text.replace(/\{(\w+)\}/g, (whole, slot: keyof Slots) => {
    const value = slots[slot]
    if (value === undefined) return whole
    return slot === 'model' ? (TWIN_MODEL_LABELS[value] ?? value) : value
  })
}

function lookup<E extends { name: string; label: string }>(index: ReturnType<typeof matchers<E>>, name: string): (E & { slots: Slots }) | undefined {
  const exact = index.exact.get(name)
  if (exact) return { ...exact, slots: {} }
  for (const family of index.families) {
    const match = family.regex.exec(name)
    if (!match) continue
    const slots: Slots = {}
    family.slots.forEach((slot, i) => (slots[slot as keyof Slots] = match[i + 1]))
    return { ...family.entry, name, label: fill(family.entry.label, slots), slots }
  }
  return undefined
}

/** The catalogue entry of a stored metric name (families resolved, label filled in), or undefined. */
export function describeMetric(name: string): (MetricEntry & { slots: Slots }) | undefined {
  return lookup(metricIndex, name)
}

/** The catalogue entry of a stored series name, with its chart id resolved (`test_r2_{target}` → `test_r2_vel_x`). */
export function describeSeries(name: string): (SeriesEntry & { slots: Slots }) | undefined {
  const entry = lookup(seriesIndex, name)
  return entry && { ...entry, chart: entry.chart.replace(/\{(\w+)\}/g, (w, slot: keyof Slots) => entry.slots[slot] ?? w) }
}

/** A chart's title and axes; a resolved id such as `test_r2_vel_x` finds its family `test_r2_{target}`. */
export function describeChart(id: string): ChartEntry | undefined {
  const exact = chartIndex.get(id)
  if (exact) return exact
  for (const chart of CHARTS) {
    const slot = /\{(\w+)\}/.exec(chart.id)
    if (!slot) continue
    const [prefix, suffix] = chart.id.split(slot[0])
    if (id.startsWith(prefix) && id.endsWith(suffix) && id.length > prefix.length + suffix.length) {
      return { ...chart, id, title: chart.title.replace(slot[0], id.slice(prefix.length, id.length - suffix.length)) }
    }
  }
  return undefined
}

/**
 * The label a person reads for a metric. Keyed metrics flattened for tables (`r2_rnn.vel_x`) read
 * "test R², RNN (vel_x)". An unknown name is shown with spaces, never as a raw key (the coverage test keeps every
 * stored name catalogued, so this is for names from older stores).
 */
export function metricLabel(name: string): string {
  const entry = describeMetric(name)
  if (entry) return entry.unit ? `${entry.label} (${entry.unit})` : entry.label
  const dot = name.lastIndexOf('.')
  if (dot > 0) {
    const base = describeMetric(name.slice(0, dot))
    if (base) return `${base.label} (${name.slice(dot + 1)})`
  }
  return name.replace(/_/g, ' ')
}

export function seriesLabel(name: string): string {
  return describeSeries(name)?.label ?? name.replace(/_/g, ' ')
}

export function axisLabel(meaning: AxisMeaning): string {
  return AXIS_LABELS[meaning]
}

/** The label of a swept parameter (spec path) on an x axis. */
export function paramLabel(path: string): string {
  return PARAM_LABELS[path] ?? path
}

const PARAM_LABELS: Record<string, string> = {
  'data.length': 'training length k',
  'teacher.dim': 'teacher dimension d*',
  'teacher.eigMax': 'largest teacher eigenvalue',
  'teacher.base': 'target s',
  'student.width': 'student width n',
  'student.init.scale': 'init scale',
  'data.delay': 'delay τ',
  seed: 'seed',
}

/** One line for a tooltip: label, definition and the paper's section. */
export function metricTooltip(name: string): string {
  const entry = describeMetric(name.includes('.') && !describeMetric(name) ? name.slice(0, name.lastIndexOf('.')) : name)
  return entry ? `${entry.label}: ${entry.definition} (${entry.section})` : name
}
