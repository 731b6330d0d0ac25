/**
 * The keyboard shortcuts of the desktop menu, in Electron's accelerator syntax, and the same keys in browser mode:
 * the menu takes its accelerators from here and the renderer maps key presses with `shortcutCommand`.
 */
import type { AppCommand } from './lab'

export const SHORTCUTS = {
  importCsv: 'CmdOrCtrl+I',
  openDatabase: 'CmdOrCtrl+O',
  export: 'CmdOrCtrl+E',
  newSweep: 'CmdOrCtrl+N',
  cancel: 'CmdOrCtrl+.',
  viewReproduce: 'CmdOrCtrl+0',
  viewRuns: 'CmdOrCtrl+1',
  viewCompare: 'CmdOrCtrl+2',
} as const

/**
 * What a browser-mode key press asks for. Import opens the datasets view (a page cannot open a file dialog from a
 * key press); opening another database is desktop-only. Cmd on macOS, Ctrl elsewhere; no Shift or Alt.
 */
const BROWSER_COMMANDS: Record<string, AppCommand> = {
  i: { kind: 'navigate', view: 'datasets' },
  e: { kind: 'export' },
  n: { kind: 'new-sweep' },
  '.': { kind: 'cancel' },
  '0': { kind: 'navigate', view: 'reproduce' },
  '1': { kind: 'navigate', view: 'runs' },
  '2': { kind: 'navigate', view: 'compare' },
}

interface KeyPress {
  key: string
  ctrlKey: boolean
  metaKey: boolean
  shiftKey: boolean
  altKey: boolean
}

export function shortcutCommand(event: KeyPress, mac: boolean): AppCommand | null {
  const primary = mac ? event.metaKey && !event.ctrlKey : event.ctrlKey && !event.metaKey
  if (!primary || event.shiftKey || event.altKey) return null
  return BROWSER_COMMANDS[event.key.toLowerCase()] ?? null
}

/** The browser-mode keys, for a test that keeps them equal to the menu's. */
export const BROWSER_SHORTCUT_KEYS = Object.keys(BROWSER_COMMANDS)
