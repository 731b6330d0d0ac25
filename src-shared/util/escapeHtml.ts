/**
 * Text → HTML text: the one escape every string goes through before it reaches an HTML sink (ECharts tooltip
 * formatters return HTML; variant-axis names and labels are user-typed and stored). Numeric entities, valid in
 * HTML, SVG and XML alike.
 */
export function escapeHtml(text: unknown): string {
  return String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)
}
