/** Plain-text tables and value formatting for the CLI's human-readable output. */

/** Columns padded to their widest cell; numbers right-aligned. */
export function formatTable(header: string[], rows: Array<Array<string | number | null | undefined>>): string {
  const cells = rows.map((row) => row.map(formatCell))
  // a loop, not Math.max(...cells): a dataset's columns are rows here, and a spread of 100,000+ overflows the stack
  const widths = header.map((h, i) => cells.reduce((w, row) => Math.max(w, (row[i] ?? '').length), h.length))
  const numeric = header.map((_, i) => rows.length > 0 && rows.every((row) => typeof row[i] === 'number' || row[i] == null))
  const line = (row: string[]) =>
    row.map((cell, i) => (numeric[i] ? cell.padStart(widths[i]) : cell.padEnd(widths[i]))).join('  ').trimEnd()
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...cells.map(line)].join('\n') + '\n'
}

export function formatCell(value: unknown): string {
  if (value === null || value === undefined) return ''
  if (typeof value === 'number') return formatNumber(value)
  if (typeof value === 'string') return value
  return JSON.stringify(value)
}

/** Four significant digits; exponent form for very small or large magnitudes. */
export function formatNumber(x: number): string {
  if (Number.isInteger(x) && Math.abs(x) < 1e9) return String(x)
  if (!Number.isFinite(x)) return String(x)
  const abs = Math.abs(x)
  if (abs !== 0 && (abs < 1e-3 || abs >= 1e6)) return x.toExponential(3)
  return String(Number(x.toPrecision(4)))
}

/** h:mm:ss or m:ss. */
export function formatDuration(ms: number): string {
  const total = Math.max(0, Math.round(ms / 1000))
  const h = Math.floor(total / 3600)
  const m = Math.floor((total % 3600) / 60)
  const s = String(total % 60).padStart(2, '0')
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`
}

export function formatTime(ms: number | null): string {
  return ms === null ? '' : new Date(ms).toISOString().replace('T', ' ').slice(0, 19)
}
