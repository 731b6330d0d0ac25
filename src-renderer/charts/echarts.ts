/** The one place ECharts parts are registered: only the charts and components the views use. */
import { use, init, type EChartsCoreOption } from 'echarts/core'
import { CustomChart, HeatmapChart, LineChart, ParallelChart, ScatterChart } from 'echarts/charts'
import {
  DataZoomComponent,
  GridComponent,
  LegendComponent,
  MarkLineComponent,
  ParallelComponent,
  TitleComponent,
  TooltipComponent,
  VisualMapComponent,
} from 'echarts/components'
import { CanvasRenderer, SVGRenderer } from 'echarts/renderers'

use([
  LineChart,
  ScatterChart,
  HeatmapChart,
  CustomChart,
  ParallelChart,
  GridComponent,
  TooltipComponent,
  LegendComponent,
  TitleComponent,
  VisualMapComponent,
  MarkLineComponent,
  ParallelComponent,
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

/** Render an option to a PNG data URL off-screen, at twice the pixel density. */
export function optionToPng(option: EChartsCoreOption, width: number, height: number, dark: boolean): string {
  const holder = document.createElement('div')
  const chart = init(holder, dark ? 'dark' : undefined, { renderer: 'canvas', width, height, devicePixelRatio: 2 })
  chart.setOption({ ...option, animation: false })
  const url = chart.getDataURL({ type: 'png', pixelRatio: 2 })
  chart.dispose()
  return url
}

/** Room the exported title takes above the chart. */
const TITLE_HEIGHT = 30

/**
 * An option as a figure file shows it: its title on top, the legend and the plot moved down to make room, an
 * explicit background. On screen the title is the panel's heading instead.
 */
export function withTitle(option: EChartsCoreOption, title: string, background: string): EChartsCoreOption {
  const shift = (part: unknown) => {
    if (!part || typeof part !== 'object' || Array.isArray(part)) return part
    const top = (part as { top?: unknown }).top
    return { ...part, top: typeof top === 'number' ? top + TITLE_HEIGHT : top === undefined ? TITLE_HEIGHT : top }
  }
  return {
    ...option,
    backgroundColor: background,
    title: { text: title, left: 'center', top: 4, textStyle: { fontSize: 14, fontWeight: 600 } },
    // A zoom slider is a control, not part of the figure.
    ...(Array.isArray(option.dataZoom) ? { dataZoom: (option.dataZoom as Array<{ type?: string }>).filter((z) => z.type !== 'slider') } : {}),
    ...(option.legend ? { legend: shift(option.legend) } : {}),
    ...(option.grid ? { grid: { ...(option.grid as object), top: ((option.grid as { top?: number }).top ?? 60) + TITLE_HEIGHT } } : {}),
  }
}
