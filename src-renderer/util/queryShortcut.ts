/** `/` focuses the runs query box, as in most web tables, unless the user is typing in a field already. */

interface SlashPress {
  key: string
  ctrlKey: boolean
  metaKey: boolean
  altKey: boolean
  target: EventTarget | null
}

/** Does this key press ask for the query box? */
export function isQueryShortcut(event: SlashPress): boolean {
  if (event.key !== '/' || event.ctrlKey || event.metaKey || event.altKey) return false
  const el = event.target as { tagName?: string; isContentEditable?: boolean } | null
  const tag = el?.tagName?.toLowerCase()
  return !(tag === 'input' || tag === 'textarea' || tag === 'select' || el?.isContentEditable)
}

/** Focus the element once it exists: the view holding it may still be loading (views are loaded on first use). */
export function focusWhenPresent(selector: string, frames = 120): void {
  const el = document.querySelector<HTMLElement>(selector)
  if (el) el.focus()
  else if (frames > 0) requestAnimationFrame(() => focusWhenPresent(selector, frames - 1))
}
