/** Row selection as in a file manager: a click toggles one row, a shift-click selects the range from the last click. */

/** The ids from `anchor` to `target` inclusive, in table order; just `target` when the anchor is not on the page. */
export function rangeBetween(ids: readonly string[], anchor: string | null, target: string): string[] {
  const a = anchor === null ? -1 : ids.indexOf(anchor)
  const b = ids.indexOf(target)
  if (b < 0) return []
  if (a < 0) return [target]
  return ids.slice(Math.min(a, b), Math.max(a, b) + 1)
}

/**
 * The selection after a click on `target`: a plain click toggles it; a shift-click gives every row of the range the
 * state the anchor row has (so a range can be selected or cleared in one click).
 */
export function clickSelection(selected: readonly string[], ids: readonly string[], anchor: string | null, target: string, shift: boolean): string[] {
  if (!shift || anchor === null || !ids.includes(anchor)) {
    return selected.includes(target) ? selected.filter((id) => id !== target) : [...selected, target]
  }
  const range = rangeBetween(ids, anchor, target)
  return selected.includes(anchor) ? [...new Set([...selected, ...range])] : selected.filter((id) => !range.includes(id))
}
