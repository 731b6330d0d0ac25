/**
 * A preset's sweep as `launchPreset` runs it: main builds it from the preset at the scale, and a preset on a recording
 * runs on the dataset named, else on the newest import. The renderer sends only the preset id, the scale and the
 * dataset; it never edits the spec.
 */
import { findPreset } from '../../src-shared/presets'
import { buildPreset, type Scale, SpecError, type SweepSpecInput } from '../../src-shared/spec/experiment'
import type { Store } from '../store'
import { listDatasets } from '../datasets/records'

/** The sweep as the preset writes it: the caller checks it once (validSweep) before it is stored. */
export function presetSweep(store: Store, request: { id: string; scale: Scale; dataset?: string }): SweepSpecInput {
  const preset = findPreset(request.id)
  if (!preset) throw Object.assign(new Error(`no preset "${request.id}"`), { status: 404 })
  const sweep = buildPreset(preset, request.scale)
  if (!preset.needsDataset) {
    if (request.dataset !== undefined) throw new SpecError(`dataset: preset ${preset.id} does not run on a recording`)
    return sweep
  }
  // listDatasets is newest first: without a choice, the most recent import
  const dataset = request.dataset ?? listDatasets(store)[0]?.id
  if (dataset === undefined) throw new SpecError(`${preset.paper} runs on a recording: import one in the Datasets view first`)
  return { ...sweep, base: { ...sweep.base, data: { ...sweep.base?.data, dataset } } }
}
