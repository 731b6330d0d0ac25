/** The dataset preview's traces: a few neurons and every behaviour column over the first bins, against time. */
import type { EChartsCoreOption } from 'echarts/core'
import type { DatasetDetail } from '../../src-shared/api/lab'
import { linesOption } from './options'

/** Neurons drawn: enough to see their activity, few enough to tell the lines apart. */
export const PREVIEW_NEURONS = 4

/** Lines of the columns with `role` (at most `limit`), x in seconds from the first bin. */
export function roleTraces(detail: DatasetDetail, role: 'neuron' | 'behavior', limit = Infinity): Array<{ label: string; series: { x: number[]; y: number[] } }> {
  return detail.columns
    .filter((c) => c.role === role)
    .slice(0, limit)
    .map((c) => ({
      label: c.name,
      series: { x: c.sample.map((_, i) => i * detail.binWidth), y: c.sample },
    }))
}

export function neuronTracesOption(detail: DatasetDetail): EChartsCoreOption {
  return linesOption(roleTraces(detail, 'neuron', PREVIEW_NEURONS), 'time (s)', 'count or rate')
}

export function behaviourTracesOption(detail: DatasetDetail): EChartsCoreOption {
  return linesOption(roleTraces(detail, 'behavior'), 'time (s)', 'behaviour')
}
