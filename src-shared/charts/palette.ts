/**
 * The one palette every chart draws with: 12 qualitative colours far apart in CIELAB (checked by a test), and dash
 * patterns for a second dimension (series 13–24 reuse the colours dashed, and so on). Pure: the report uses it too.
 */

/** Tableau 10 plus two darker hues; readable on the light and the dark background. */
export const PALETTE = ['#4e79a7', '#f28e2b', '#e15759', '#76b7b2', '#59a14f', '#edc948', '#b07aa1', '#ff9da7', '#9c755f', '#bab0ac', '#1b3a6b', '#7a1f3d'] as const

/** ECharts line types: solid, dashed, dotted, dash-dot. */
export const DASHES: ReadonlyArray<'solid' | 'dashed' | 'dotted' | number[]> = ['solid', 'dashed', 'dotted', [8, 3, 2, 3]]

export interface SeriesStyle {
  color: string
  dash: 'solid' | 'dashed' | 'dotted' | number[]
}

/**
 * The style of the i-th series; with `dashIndex` the dash is chosen by a second dimension (a model's variant),
 * else series past the palette's length cycle the colours with the next dash pattern.
 */
export function seriesStyle(i: number, dashIndex?: number): SeriesStyle {
  const color = PALETTE[i % PALETTE.length]
  const d = dashIndex ?? Math.floor(i / PALETTE.length)
  return { color, dash: DASHES[d % DASHES.length] }
}

/** CIELAB of an sRGB hex colour (D65), for the distinguishability test and contrast checks. */
export function hexToLab(hex: string): [number, number, number] {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255).map((c) => (c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4))
  const x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047
  const y = 0.2126 * r + 0.7152 * g + 0.0722 * b
  const z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883
  const f = (t: number) => (t > 216 / 24389 ? Math.cbrt(t) : (24389 / 27 * t + 16) / 116)
  return [116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))]
}

/** WCAG 2 relative luminance of an sRGB hex colour. */
export function relativeLuminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255).map((c) => (c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4))
  return 0.2126 * r + 0.7152 * g + 0.0722 * b
}

/** WCAG 2 contrast ratio of two colours, 1 … 21 (AA wants ≥ 4.5 for body text). */
export function contrastRatio(a: string, b: string): number {
  const [hi, lo] = [relativeLuminance(a), relativeLuminance(b)].sort((p, q) => q - p)
  return (hi + 0.05) / (lo + 0.05)
}
