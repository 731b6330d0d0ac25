/** Claim figures as inline SVG, rendered in Node by ECharts' server-side SVG renderer (no DOM, no network). */
import * as echarts from 'echarts'
import type { FigureData } from '../../src-shared/claims/figureData'
import { figureOption } from '../../src-shared/charts/figureOption'

export function figureSvg(figure: FigureData, width = 720, height = 360): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height })
  try {
    chart.setOption(figureOption(figure, { static: true, width }) as echarts.EChartsCoreOption)
    return chart.renderToSVGString()
  } finally {
    chart.dispose()
  }
}
