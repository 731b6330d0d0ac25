/**
 * Outcome predicates of a boundary search: when does a probe (one run) count as a pass. `extrapolates` is the default
 * (error / zero-solution error < 0.1, or error < 0.1 where the zero solution's tail is silent); otherwise clauses such
 * as `extrapolation_error < 0.05 and train_fitted >= 1` on the catalogue's scalar metrics.
 */
import type { MetricValue } from '../api/results'
import { METRICS } from '../catalogue/metrics'
import { nearestName } from '../spec/issues'

export const DEFAULT_PREDICATE = 'extrapolates'

/**
 * The ratio's threshold and the absolute one used where the zero solution is silent (its tail error 0: a delay
 * teacher beyond its delay). 0.1 is what the ICLR23 claims call "extrapolates" in both cases.
 */
const RATIO_THRESHOLD = 0.1
const ABSOLUTE_THRESHOLD = 0.1
/** A zero-solution error below this is a silent tail (teachers are normalised to responses of order 1). */
const SILENT_TAIL = 1e-6

const OPERATORS = ['<=', '>=', '<', '>'] as const
type Operator = (typeof OPERATORS)[number]

interface Clause {
  metric: string
  op: Operator
  value: number
}

export interface Predicate {
  text: string
  /** True when the run's metrics satisfy it; a missing or non-finite metric never does. */
  holds(metrics: Readonly<Record<string, MetricValue>>): boolean
}

export class PredicateError extends Error {}

const num = (m: Readonly<Record<string, MetricValue>>, name: string): number | null => {
  const v = m[name]
  return typeof v === 'number' && Number.isFinite(v) ? v : null
}

/**
 * ICLR23's "extrapolates". GRU and LSTM students are judged by their input-averaged output errors where those were
 * measured (their impulse response alone does not describe a nonlinear model), as non_extrapolating does.
 */
export function extrapolates(metrics: Readonly<Record<string, MetricValue>>): boolean {
  const gated = num(metrics, 'input_extrapolation_error') !== null
  const error = num(metrics, gated ? 'input_extrapolation_error' : 'extrapolation_error')
  const zero = num(metrics, gated ? 'input_zero_error' : 'zero_error')
  if (error === null) return false
  if (zero !== null && zero > SILENT_TAIL) return error / zero < RATIO_THRESHOLD
  return error < ABSOLUTE_THRESHOLD
}

/** Scalar metric names the catalogue lists; `{model}` templates match any model name. */
const scalarEntries = METRICS.filter((m) => m.shape === 'scalar')
const exactNames = scalarEntries.filter((m) => !m.name.includes('{')).map((m) => m.name)
const templates = scalarEntries.filter((m) => m.name.includes('{')).map((m) => new RegExp(`^${m.name.replace(/\{model\}/g, '[a-z0-9_]+')}$`))

function metricIssue(name: string): string | null {
  if (exactNames.includes(name) || templates.some((t) => t.test(name))) return null
  const near = nearestName(name, exactNames)
  return `unknown metric "${name}"${near ? `; did you mean ${near}?` : ` (scalar metrics: ${exactNames.slice(0, 8).join(', ')}, …)`}`
}

function parseClause(text: string, where: string): Clause {
  const op = OPERATORS.find((o) => text.includes(o))
  if (!op) throw new PredicateError(`${where}: "${text}": expected METRIC < NUMBER (operators ${OPERATORS.join(' ')}) or ${DEFAULT_PREDICATE}`)
  const [left, right] = [text.slice(0, text.indexOf(op)).trim(), text.slice(text.indexOf(op) + op.length).trim()]
  const issue = metricIssue(left)
  if (issue) throw new PredicateError(`${where}: ${issue}`)
  const value = Number(right)
  if (right === '' || !Number.isFinite(value)) throw new PredicateError(`${where}: "${right}" is not a number`)
  return { metric: left, op, value }
}

const compare = (x: number, op: Operator, y: number): boolean => (op === '<' ? x < y : op === '<=' ? x <= y : op === '>' ? x > y : x >= y)

/** Parse a predicate; a PredicateError names the field (`where`), the bad metric and the nearest valid one. */
export function parsePredicate(text: string, where = 'until'): Predicate {
  const trimmed = text.trim()
  if (trimmed === DEFAULT_PREDICATE) return { text: trimmed, holds: extrapolates }
  const clauses = trimmed.split(/\s+and\s+/).map((c) => parseClause(c.trim(), where))
  return {
    text: trimmed,
    holds: (metrics) =>
      clauses.every((c) => {
        const v = num(metrics, c.metric)
        return v !== null && compare(v, c.op, c.value)
      }),
  }
}
