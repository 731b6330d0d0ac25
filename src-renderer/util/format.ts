/** Number, duration and value formatting for tables and labels. Pure. */
export function formatNumber(value: number | null | undefined, digits = 4): string {
  if (value === null || value === undefined || Number.isNaN(value)) return '—'
  if (!Number.isFinite(value)) return value > 0 ? '∞' : '−∞'
  if (value === 0) return '0'
  const abs = Math.abs(value)
  if (abs >= 1e5 || abs < 1e-3) return value.toExponential(Math.max(0, digits - 2))
  return Number(value.toPrecision(digits)).toString()
}

export function formatDuration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return '—'
  if (seconds < 1) return '< 1 s'
  if (seconds < 90) return `${Math.round(seconds)} s`
  if (seconds < 5400) return `${Math.round(seconds / 60)} min`
  return `${(seconds / 3600).toFixed(1)} h`
}

export function formatValue(value: unknown): string {
  if (typeof value === 'number') return formatNumber(value)
  if (typeof value === 'string') return value
  return JSON.stringify(value)
}

/** `length=12 seed=0`; a variant value that already names itself ("T = 50") is shown once, not as `T=T = 50`. */
export function formatParams(params: Record<string, unknown>): string {
  return Object.entries(params)
    .map(([k, v]) => {
      const name = k.split('.').pop() ?? k
      const text = formatValue(v)
      const namesItself = typeof v === 'string' && text.startsWith(name) && /^\s*=/.test(text.slice(name.length))
      return namesItself ? `${name}=${text.slice(name.length).replace(/^\s*=\s*/, '')}` : `${name}=${text}`
    })
    .join(' ')
}

/** A title built from catalogue labels ("training loss by …") starts with a capital, as the other titles do. */
export function asTitle(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1)
}
