/** The one place ECharts parts are registered: only the charts and components the views use. */
import { use, init, type EChartsCoreOption } from 'echarts/core'
import { BarChart, CustomChart, HeatmapChart, LineChart, ScatterChart } from 'echarts/charts'
import {
  DataZoomComponent,
  GridComponent,
  LegendComponent,
  MarkLineComponent,
  TitleComponent,
  TooltipComponent,
  VisualMapComponent,
} from 'echarts/components'
import { CanvasRenderer, SVGRenderer } from 'echarts/renderers'

use([
  LineChart,
  ScatterChart,
  BarChart,
  HeatmapChart,
  CustomChart,
  GridComponent,
  TooltipComponent,
  LegendComponent,
  TitleComponent,
  VisualMapComponent,
  MarkLineComponent,
  DataZoomComponent,
  CanvasRenderer,
  SVGRenderer,
])

/** Render an option to an SVG string off-screen (the on-screen chart draws on a canvas). */
export function optionToSvg(option: EChartsCoreOption, width: number, height: number, dark: boolean): string {
  const chart = init(null, dark ? 'dark' : undefined, { renderer: 'svg', ssr: true, width, height })
  chart.setOption({ ...option, animation: false })
  const svg = chart.renderToSVGString()
  chart.dispose()
  return svg
}
