/**
 * The renderer's Content-Security-Policy, one string for the desktop protocol and the browser-mode server (index.html
 * carries the same in a meta tag). No inline styles except attributes: ECharts writes its tooltip markup with
 * `style="…"` attributes, which `style-src-attr` must allow; style elements and sheets come from our origin only.
 */
export const RENDERER_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; style-src-attr 'unsafe-inline'; img-src 'self' data: blob:; " +
  "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'"
