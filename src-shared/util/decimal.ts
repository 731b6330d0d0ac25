/**
 * Numbers a user types (flags, form fields) read strictly: plain decimal notation only (no hex, binary, octal, no
 * "Infinity", no empty string as 0, which Number() all accept), finite, and within the field's range.
 */

const DECIMAL = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/

export interface NumberRange {
  min: number
  max: number
  /** Whole numbers only. */
  integer?: boolean
}

/** The number `text` writes, or an Error naming `field`, what was expected and what was given. */
export function parseDecimal(text: string, field: string, range: NumberRange): number {
  const trimmed = text.trim()
  const expected = `expected ${range.integer ? 'a whole number' : 'a decimal number'} from ${range.min} to ${range.max}`
  if (!DECIMAL.test(trimmed)) throw new Error(`${field}: ${expected}, got "${text}"`)
  const value = Number(trimmed)
  if (!Number.isFinite(value)) throw new Error(`${field}: ${expected}, got "${text}" (too large for a 64-bit float)`)
  if (range.integer && !Number.isInteger(value)) throw new Error(`${field}: ${expected}, got "${text}"`)
  if (value < range.min || value > range.max) throw new Error(`${field}: ${expected}, got ${text}`)
  return value
}

/** The bin widths (seconds) a recording may have: from a microsecond to a day; outside that it is a typo or a unit error. */
export const BIN_WIDTH_RANGE: NumberRange = { min: 1e-6, max: 86_400 }
