/**
 * The run specs of a preset at a scale, expanded and validated once per process: presets are code, so their runs
 * never change, and expanding all of them takes about a second of the server's only thread (the Reproduce view asks
 * for every preset's estimate each time it opens).
 */
import type { ExperimentSpec, Preset, Scale } from '../../src-shared/spec/experiment'
import { buildPreset, presetScales } from '../../src-shared/spec/experiment'
import { presets } from '../../src-shared/presets'
import { expandSweep } from '../../src-shared/spec/sweep'

const cache = new Map<string, readonly ExperimentSpec[]>()

export function presetRunSpecs(preset: Preset, scale: Scale): readonly ExperimentSpec[] {
  const key = `${preset.id}\u0000${scale}`
  let specs = cache.get(key)
  if (!specs) {
    specs = Object.freeze(expandSweep(buildPreset(preset, scale)).map((r) => r.spec))
    cache.set(key, specs)
  }
  return specs
}

/** Expand every preset at every scale now (a server does this before it listens, not in its first call). */
export function warmPresetRunSpecs(): void {
  for (const preset of presets) for (const scale of presetScales(preset)) presetRunSpecs(preset, scale)
}
