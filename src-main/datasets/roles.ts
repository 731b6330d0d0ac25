/**
 * Column roles of a spike-count/rate table: the time column, neuron columns, behaviour columns. Names decide first
 * (common words, not one file's names), then content: counts and rates are never negative, so among columns whose
 * names say nothing a column with negative values is behaviour. Explicit overrides always win.
 */
import type { ColumnRole } from '../../src-shared/data/columnRoles'
import { CsvError, listColumns, quoteCell } from './csvError'
import { CLI_WORDS, type ImportWords } from './importWords'

/** What streaming saw in each column: enough to decide roles without keeping the data. */
export interface ColumnProfile {
  name: string
  min: number
  max: number
  allIntegers: boolean
  /** Strictly increasing from row to row. */
  increasing: boolean
}

interface RoleOverrides {
  time?: string | null
  /** How `time` was chosen, for the report: a flag, or its name (the parser's detection). */
  timeBy?: 'flag' | 'name'
  neurons?: string[]
  behavior?: string[]
  ignore?: string[]
}

interface RoleDecision {
  roles: ColumnRole[]
  /** Index of the time column, or -1. */
  time: number
  /** How each role was decided, for the import report. */
  notes: string[]
}

/** Split a column name into lower-case words: `vel_x` → [vel, x], `handPosX` → [hand, pos, x], `n01` → [n, 01]. */
function nameTokens(name: string): string[] {
  return name
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .replace(/([A-Za-z])(\d)/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean)
}

const TIME_WORDS = new Set(['time', 'times', 't', 'timestamp', 'timestamps', 'ts', 'tstamp'])
const TIME_UNITS = new Set(['s', 'sec', 'secs', 'second', 'seconds', 'ms', 'msec', 'millis', 'milliseconds', 'min', 'minutes', 'bin', 'start', 'center', 'centre'])
const BEHAVIOUR_WORDS = new Set([
  'vel', 'velocity', 'pos', 'position', 'acc', 'accel', 'acceleration', 'speed', 'force', 'torque', 'angle', 'joint',
  'hand', 'cursor', 'finger', 'wrist', 'elbow', 'shoulder', 'emg', 'kin', 'kinematics', 'behavior', 'behaviour',
  'target', 'x', 'y', 'z', 'vx', 'vy', 'vz', 'px', 'py', 'pz', 'dx', 'dy', 'dz', 'pupil', 'gaze', 'eye', 'lick', 'run',
])
const NEURON_WORDS = new Set(['n', 'neuron', 'unit', 'cell', 'ch', 'chan', 'channel', 'spk', 'spike', 'spikes', 'rate', 'roi', 'u', 'su', 'mu', 'elec'])

/** A time-like name: a time word, optionally followed by a unit (`time_s`, `t_ms`, `Timestamp`). */
export function looksLikeTime(name: string): boolean {
  const tokens = nameTokens(name)
  return tokens.length > 0 && TIME_WORDS.has(tokens[0]) && tokens.slice(1).every((t) => TIME_UNITS.has(t))
}

/** Seconds per unit of a time column, from its name (`time_ms` → 0.001); seconds when no unit is named. */
export function timeUnitSeconds(name: string): number {
  const tokens = nameTokens(name)
  if (tokens.some((t) => t === 'ms' || t === 'msec' || t === 'millis' || t === 'milliseconds')) return 1e-3
  if (tokens.some((t) => t === 'min' || t === 'minutes')) return 60
  return 1
}

function looksLikeBehaviour(name: string): boolean {
  return nameTokens(name).some((t) => BEHAVIOUR_WORDS.has(t))
}

function looksLikeNeuron(name: string): boolean {
  const tokens = nameTokens(name)
  return tokens.length > 0 && NEURON_WORDS.has(tokens[0]) && tokens.slice(1).every((t) => /^\d+$/.test(t) || t.length <= 2)
}

/**
 * Decide roles from names, content and overrides. Throws when an override names a column that is not there, or no
 * column is left for a role; the advice is in `words` (the command line's flags, or the wizard's controls).
 */
export function decideRoles(profiles: ColumnProfile[], overrides: RoleOverrides, file: string, words: ImportWords = CLI_WORDS): RoleDecision {
  const names = profiles.map((p) => p.name)
  const index = (name: string, choice: 'time' | 'neurons' | 'behavior' | 'ignore') => {
    const i = names.indexOf(name)
    if (i < 0) throw new CsvError(`${file}: ${words.choiceOf(choice, quoteCell(name))}: no such column (columns: ${listColumns(names)})`)
    return i
  }
  const roles: Array<ColumnRole | null> = profiles.map(() => null)
  const notes: string[] = []
  for (const name of overrides.ignore ?? []) roles[index(name, 'ignore')] = 'ignore'
  for (const name of overrides.neurons ?? []) roles[index(name, 'neurons')] = 'neuron'
  for (const name of overrides.behavior ?? []) roles[index(name, 'behavior')] = 'behavior'

  let time = -1
  if (overrides.time) {
    time = index(overrides.time, 'time')
    notes.push(`time column "${overrides.time}" (${overrides.timeBy === 'name' ? 'by name' : 'given'})`)
  } else if (overrides.time !== null) {
    time = profiles.findIndex((p, i) => roles[i] === null && looksLikeTime(p.name))
    if (time >= 0) notes.push(`time column "${names[time]}" (by name)`)
  }
  if (time >= 0) roles[time] = 'time'

  const undecided = () => profiles.map((_, i) => i).filter((i) => roles[i] === null)
  const explicitBehaviour = (overrides.behavior ?? []).length > 0
  const explicitNeurons = (overrides.neurons ?? []).length > 0
  if (!explicitBehaviour) {
    const byName = undecided().filter((i) => looksLikeBehaviour(names[i]) && !looksLikeNeuron(names[i]))
    for (const i of byName) roles[i] = 'behavior'
    if (byName.length) notes.push(`behaviour columns by name: ${listColumns(byName.map((i) => names[i]))}`)
    if (!byName.length && !explicitNeurons) {
      // Spike counts and rates are never negative: a column with negative values is behaviour.
      const negative = undecided().filter((i) => profiles[i].min < 0 && !looksLikeNeuron(names[i]))
      for (const i of negative) roles[i] = 'behavior'
      if (negative.length) notes.push(`behaviour columns by content (negative values): ${listColumns(negative.map((i) => names[i]))}`)
    }
  }
  const rest = undecided()
  for (const i of rest) roles[i] = explicitNeurons ? 'ignore' : 'neuron'
  if (!explicitNeurons && rest.length) notes.push(`${rest.length} neuron columns (the remaining numeric columns)`)
  if (explicitNeurons && rest.length) notes.push(`${words.notNeurons}: ${listColumns(rest.map((i) => names[i]))}`)
  const final = roles as ColumnRole[]
  const negativeNeurons = final.map((r, i) => (r === 'neuron' && profiles[i].min < 0 ? names[i] : null)).filter(Boolean)
  if (negativeNeurons.length) notes.push(`warning: neuron columns with negative values (not counts or rates?): ${listColumns(negativeNeurons as string[])}`)
  if (!final.includes('behavior')) {
    throw new CsvError(`${file}: no behaviour column found (columns: ${listColumns(names)}); ${words.markRole('behavior')}`)
  }
  if (!final.includes('neuron')) throw new CsvError(`${file}: no neuron column found; ${words.markRole('neuron')}`)
  return { roles: final, time, notes }
}
