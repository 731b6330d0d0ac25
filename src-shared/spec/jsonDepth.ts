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

/** Arrays, plain objects, Maps and Sets: what structured clone (IPC) carries that a walk would descend into. */
function childrenOf(value: unknown): Iterator<unknown> | null {
  if (value === null || typeof value !== 'object') return null
  if (value instanceof Map) return [...value.keys(), ...value.values()][Symbol.iterator]()
  if (value instanceof Set || Array.isArray(value)) return value.values()
  return Object.values(value)[Symbol.iterator]()
}

/**
 * The nesting depth of a value that arrived already parsed (an IPC payload is a structured clone, never text),
 * counted as JSON counts it, up to `limit + 1`. Walked without recursion; a cycle counts as too deep, and a subtree
 * shared by many parents (structured clone keeps shared references) is measured once, so the walk stays linear.
 */
export function valueNestingDepth(value: unknown, limit = MAX_JSON_DEPTH): number {
  const root = childrenOf(value)
  if (!root) return 0
  const heights = new Map<object, number>()
  const open = new Set<object>()
  const stack: Array<{ node: object; children: Iterator<unknown>; height: number }> = [{ node: value as object, children: root, height: 1 }]
  open.add(value as object)
  while (stack.length > 0) {
    const frame = stack[stack.length - 1]
    const next = frame.children.next()
    if (next.done) {
      stack.pop()
      open.delete(frame.node)
      heights.set(frame.node, frame.height)
      if (stack.length > 0) stack[stack.length - 1].height = Math.max(stack[stack.length - 1].height, frame.height + 1)
      continue
    }
    const child = next.value
    const children = childrenOf(child)
    if (!children) continue
    if (open.has(child as object)) return limit + 1
    const known = heights.get(child as object)
    if (known !== undefined) frame.height = Math.max(frame.height, known + 1)
    else if (stack.length >= limit) return limit + 1
    else {
      open.add(child as object)
      stack.push({ node: child as object, children, height: 1 })
    }
  }
  return Math.min(heights.get(value as object)!, limit + 1)
}
