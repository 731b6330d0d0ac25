/** Every preset the app and the CLI offer, by id. One file per paper registers its presets here. */
import type { Preset } from '../spec/experiment'
import { aistats22Presets } from './aistats22'
import { emami21Presets } from './emami21'
import { iclr23Presets } from './iclr23'
import { iclr23GruPresets } from './iclr23Gru'
import { procaPresets } from './proca'
import { criticalPresets } from './critical'

export const presets: Preset[] = [...aistats22Presets, ...iclr23Presets, ...emami21Presets, ...iclr23GruPresets, ...procaPresets, ...criticalPresets]

export function findPreset(id: string): Preset | undefined {
  return presets.find((p) => p.id === id)
}
