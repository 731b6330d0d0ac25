/** The reproduction service: the paper presets, launching one at a scale, the Reproduce view's cards and the report. */
import type { PresetInfo, ReproductionHandlers } from '../../../src-shared/api/services/reproduction'
import { presets, findPreset } from '../../../src-shared/presets'
import { buildPreset, presetScales, type Preset } from '../../../src-shared/spec/experiment'
import { parseSweepSpec } from '../../../src-shared/spec/sweep'
import { estimateSeconds } from '../../../src-shared/analysis/estimate'
import { buildReproduction } from '../../report/reproduction'
import { reportHtml } from '../../report/html'
import { codeVersion } from '../../runner'
import { presetRunSpecs } from '../presetRuns'
import { presetSweep } from '../presetLaunch'
import { notFound, type LabContext } from '../labContext'
import type { SweepsService } from './sweeps'

type Req<M extends keyof ReproductionHandlers> = Parameters<ReproductionHandlers[M]>[0]

function presetInfo(p: Preset): PresetInfo {
  return { id: p.id, title: p.title, paper: p.paper, sweeps: p.sweeps, description: p.description, expected: p.expected, needsDataset: p.needsDataset ?? false, scales: presetScales(p), ...(p.search ? { search: p.search } : {}) }
}

export class ReproductionService implements ReproductionHandlers {
  constructor(
    private readonly lab: LabContext,
    private readonly sweeps: SweepsService,
  ) {}

  async listPresets() {
    return presets.map(presetInfo)
  }

  async getPreset(request: Req<'getPreset'>) {
    const preset = findPreset(request.id)
    if (!preset) throw notFound(`no preset "${request.id}"`)
    return { preset: presetInfo(preset), sweep: parseSweepSpec(buildPreset(preset, request.scale), `preset ${preset.id}`) }
  }

  /** Main builds the preset's sweep: the renderer sends the id, the scale and the dataset, never a spec. */
  async launchPreset(request: Req<'launchPreset'>) {
    const checked = this.sweeps.check(presetSweep(this.lab.store, request))
    return this.lab.summaryOf(await this.sweeps.submit(checked, { preset: request.id, scale: request.scale }))
  }

  async reproduction(request: Req<'reproduction'>) {
    const reproduction = buildReproduction(this.lab.store, request.scale, request.presets)
    const calibration = this.lab.currentCalibration()
    for (const card of reproduction.papers.flatMap((p) => p.cards)) {
      const preset = findPreset(card.presetId)!
      card.estimatedSeconds = Object.fromEntries(
        presetScales(preset).map((scale) => [scale, estimateSeconds(presetRunSpecs(preset, scale), calibration, this.lab.scheduler.workers).total]),
      )
    }
    return reproduction
  }

  async exportReport(request: Req<'exportReport'>) {
    const reproduction = buildReproduction(this.lab.store, request.scale, request.presets)
    const content = reportHtml(reproduction, { generatedAt: new Date().toISOString(), codeVersion: codeVersion(), dbPath: this.lab.store.file })
    return { fileName: `impulse-lab-report-${request.scale}.html`, mimeType: 'text/html', content }
  }
}
