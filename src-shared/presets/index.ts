/** Every preset the app and the CLI offer, by id. One file per paper registers its presets here. */
import type { Preset } from '../spec/experiment'

export const presets: Preset[] = []

export function findPreset(id: string): Preset | undefined {
  return presets.find((p) => p.id === id)
}
