/**
 * What "Compare" on a paper card opens: the card's sweep grouped and on the x axis as the paper's figure draws it
 * (ICLR23 Fig. 1a: extrapolation error against k, one line per eigMax arm, beside the zero solution's error).
 */
import { claimsFor } from '../../src-shared/claims'
import type { Params } from './viewState'

/** Compare accepts at most this many metrics. */
const MAX_METRICS = 8

export function paperCompareParams(presetId: string, sweepId: string): Params {
  const figures = claimsFor(presetId)?.figures ?? []
  const metricFigure = figures.find((f) => f.kind === 'metric-vs-param')
  if (metricFigure && metricFigure.kind === 'metric-vs-param') {
    const ys = Array.isArray(metricFigure.y) ? metricFigure.y : [metricFigure.y]
    const references = (metricFigure.references ?? []).flatMap((r) => (r.kind === 'metric' ? [r.metric] : []))
    const metrics = [...new Set([...ys, ...references])].slice(0, MAX_METRICS)
    return {
      sweep: sweepId,
      x: metricFigure.x,
      ...(metricFigure.lineBy?.[0] ? { split: metricFigure.lineBy[0] } : {}),
      metrics: metrics.join(','),
      ...(metricFigure.logY === false ? { logy: '0' } : {}),
    }
  }
  const lined = figures.find((f) => f.lineBy?.length)
  return { sweep: sweepId, ...(lined?.lineBy?.[0] ? { split: lined.lineBy[0] } : {}) }
}
