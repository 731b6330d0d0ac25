/**
 * What `find` searches: a preset (with the search settings it carries) or a spec file, its sweep's axes read as the
 * outer and inner axes, and the flags on top (--outer, --inner, --until, --seeds, --direction). Errors name the flag
 * or field.
 */
import { findPreset } from '../../src-shared/presets/index'
import { SpecError } from '../../src-shared/spec/experiment'
import { parseAxisText, parseValues, type Axis, type SearchInput, type SearchSettingsInput } from '../../src-shared/search'
import { loadSweepInput } from '../cli/sweepInput'

export interface SearchFlags {
  scale?: string
  set?: string[]
  outer?: string
  inner?: string
  until?: string
  seeds?: string
  direction?: string
  perRound?: number
}

export function loadSearchInput(target: string, flags: SearchFlags): { input: SearchInput; preset: string | null; scale: ReturnType<typeof loadSweepInput>['scale'] } {
  const loaded = loadSweepInput(target, { scale: flags.scale, set: flags.set })
  const preset = loaded.preset ? findPreset(loaded.preset) : undefined
  const settings: SearchSettingsInput = { ...(preset?.search ?? {}) }
  const outerFlag = flags.outer !== undefined ? parseAxisText(flags.outer, '--outer') : undefined
  const innerFlag = flags.inner !== undefined ? parseAxisText(flags.inner, '--inner') : undefined
  if (outerFlag) settings.outer = outerFlag.path
  if (innerFlag) settings.inner = innerFlag.path
  if (flags.until !== undefined) settings.until = flags.until
  if (flags.direction !== undefined) {
    if (flags.direction !== 'up' && flags.direction !== 'down') throw new SpecError(`--direction: expected up or down, got "${flags.direction}"`)
    settings.direction = flags.direction
  }
  if (flags.perRound !== undefined) settings.perRound = flags.perRound
  const innerPath = settings.inner ?? 'data.length'
  const { sweep } = loaded
  const pathAxes = sweep.axes.flatMap((a) => ('path' in a ? [{ path: a.path, values: a.values }] : []))
  const named = sweep.axes.find((a) => !('path' in a))
  if (named && 'name' in named) throw new SpecError(`${target}: axis "${named.name}" sets several fields at once; a search's axes are single spec paths`)
  // A sweep with one axis besides the inner one searches along it as the outer axis unless told otherwise.
  const others = pathAxes.filter((a) => a.path !== innerPath && a.path !== preset?.search?.outer)
  const outerPath = settings.outer ?? (others.length === 1 ? others[0].path : null)
  const stray = others.filter((a) => a.path !== outerPath && a.path !== outerFlag?.path)
  if (stray.length > 0) throw new SpecError(`${target}: axis ${stray[0].path}: a search has one outer and one inner axis (give them with --outer and --inner)`)
  const axisOf = (path: string | null): Axis | null => pathAxes.find((a) => a.path === path) ?? null
  const seeds = flags.seeds !== undefined ? parseValues(flags.seeds, '--seeds') : sweep.seeds
  if (!seeds.every((s): s is number => Number.isInteger(s) && (s as number) >= 0)) throw new SpecError(`--seeds: "${flags.seeds}": expected non-negative integers (0,1,2 or 0..4)`)
  return {
    input: {
      title: sweep.title,
      description: sweep.description,
      base: sweep.base,
      outer: outerFlag ?? axisOf(outerPath),
      inner: innerFlag ?? axisOf(innerPath),
      seeds,
      settings,
    },
    preset: loaded.preset,
    scale: loaded.scale,
  }
}
