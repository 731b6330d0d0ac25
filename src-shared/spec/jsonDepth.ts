/**
 * JSON nesting bounded before it is parsed: a spec, a `--set` value or a request body nested thousands deep would
 * overflow the call stack of every recursive walk after JSON.parse (zod, the key checks, JSON.stringify). Specs are
 * a few levels deep; the bound is far above any real one.
 */
import { SpecError } from './experiment'

export const MAX_JSON_DEPTH = 64

/** The deepest nesting of arrays and objects in JSON text (brackets inside strings ignored), counted up to `limit + 1`. */
export function jsonNestingDepth(text: string, limit = MAX_JSON_DEPTH): number {
  let depth = 0
  let deepest = 0
  let inString = false
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (inString) {
      if (c === 0x5c) i++ // backslash: skip the escaped character
      else if (c === 0x22) inString = false
    } else if (c === 0x22) inString = true
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > deepest && (deepest = depth) > limit) return deepest
    } else if (c === 0x5d || c === 0x7d) depth--
  }
  return deepest
}

/** JSON.parse with the nesting bounded; errors (too deep, invalid) are SpecErrors starting with `where`. */
export function parseBoundedJson(text: string, where: string, limit = MAX_JSON_DEPTH): unknown {
  if (jsonNestingDepth(text, limit) > limit) throw new SpecError(`${where}: JSON nested more than ${limit} levels deep`)
  try {
    return JSON.parse(text)
  } catch (error) {
    throw new SpecError(`${where}: ${(error as Error).message}`)
  }
}
