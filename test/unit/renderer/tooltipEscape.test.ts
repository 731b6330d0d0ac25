// Tooltip formatters return HTML: user-typed axis names, variant labels and series names must arrive as text.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { eigenvalueOption, groupOption, heatmapOption, scatterOption } from '../../../src-renderer/charts/options'
import { landscapeOption } from '../../../src-renderer/charts/procaOptions'
import { escapeHtml } from '../../../src-shared/util/escapeHtml'

const HOSTILE = `<img src=x onerror="alert(1)"><b>bold</b>&<script>x</script>'`

/** Element tags an HTML string would create (the formatters' own `<br/>` line breaks are the only ones allowed). */
function tagsIn(html: string): string[] {
  return [...html.matchAll(/<\s*\/?\s*([a-z!?][^\s/>]*)/gi)].map((m) => m[1].toLowerCase())
}

type Formatter = (p: unknown) => string
const tooltipOf = (option: unknown) => (option as { tooltip: { formatter: Formatter } }).tooltip.formatter

test('escapeHtml: the five HTML metacharacters become entities, everything else stays', () => {
  assert.equal(escapeHtml(`a<b>&"c'`), 'a&#60;b&#62;&#38;&#34;c&#39;')
  assert.equal(escapeHtml('λ = 0.9, T = 50'), 'λ = 0.9, T = 50')
  assert.equal(escapeHtml(12), '12')
})

test('grouped chart tooltip: hostile axis name, variant labels and series name create no element', () => {
  const option = groupOption({ param: HOSTILE, lines: [{ metric: HOSTILE, points: [{ value: HOSTILE, mean: 1, std: 0.1, n: 3 }, { value: 'plain', mean: 2, std: 0.2, n: 3 }] }] } as never, false)
  const html = tooltipOf(option)({ seriesName: HOSTILE, value: [0, 1, 0.1, 3] })
  assert.deepEqual(new Set(tagsIn(html)), new Set(['br']))
  assert.ok(html.includes(escapeHtml(HOSTILE)), html)
})

test('heat-map tooltip: hostile axis names, cell labels and metric create no element', () => {
  const option = heatmapOption({ x: HOSTILE, y: HOSTILE, xValues: [HOSTILE, 'b'], yValues: [HOSTILE], metric: HOSTILE, z: [[1, 2]] }, false)
  const html = tooltipOf(option)({ value: [0, 0, 1] })
  assert.deepEqual(new Set(tagsIn(html)), new Set(['br']))
  assert.equal(html.split(escapeHtml(HOSTILE)).length - 1, 5, html)
})

test('eigenvalue, scatter and landscape tooltips escape their series and axis names', () => {
  const htmls = [
    tooltipOf(eigenvalueOption([{ label: HOSTILE, points: [{ re: 0.5, im: 0.1 }] }]))({ seriesName: HOSTILE, value: [0.5, 0.1] }),
    tooltipOf(scatterOption(HOSTILE, { x: [1], y: [2] } as never, HOSTILE, HOSTILE))({ value: [1, 2] }),
    tooltipOf(landscapeOption({ bAxis: [0, 1], acAxis: [0, 1], loss: [1, 1, 1, 1], flowB: [], flowAc: [], trajectories: [{ label: HOSTILE, b: [0], ac: [0] }], minimum: null } as never))({ seriesName: HOSTILE, value: [0, 0, 0] }),
  ]
  for (const html of htmls) assert.deepEqual(new Set(tagsIn(html)), new Set(['br']), html)
})
