/**
 * A preset's sweep as `launchPreset` runs it: main builds it from the preset at the scale, and a preset on a recording
 * runs on the dataset named, else on the newest import. The renderer sends only the preset id, the scale and the
 * dataset; it never edits the spec.
 */
import { findPreset } from '../../src-shared/presets'
import { buildPreset, type Scale, SpecError, type SweepSpec } from '../../src-shared/spec/experiment'
import { parseSweepSpec } from '../../src-shared/spec/sweep'
import type { Store } from '../store'
import { listDatasets } from '../datasets/records'

export function presetSweep(store: Store, request: { id: string; scale: Scale; dataset?: string }): SweepSpec {
  const preset = findPreset(request.id)
  if (!preset) throw Object.assign(new Error(`no preset "${request.id}"`), { status: 404 })
  const sweep = parseSweepSpec(buildPreset(preset, request.scale), `preset ${preset.id}`)
  if (!preset.needsDataset) {
    if (request.dataset !== undefined) throw new SpecError(`dataset: preset ${preset.id} does not run on a recording`)
    return sweep
  }
  // listDatasets is newest first: without a choice, the most recent import
  const dataset = request.dataset ?? listDatasets(store)[0]?.id
  if (dataset === undefined) throw new SpecError(`${preset.paper} runs on a recording: import one in the Datasets view first`)
  sweep.base = { ...sweep.base, data: { ...(sweep.base.data as Record<string, unknown> | undefined), dataset } }
  return sweep
}
