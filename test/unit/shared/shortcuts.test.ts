// Browser mode answers the desktop menu's shortcuts with the same commands.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { BROWSER_SHORTCUT_KEYS, SHORTCUTS, shortcutCommand } from '../../../src-shared/api/shortcuts'

const press = (key: string, mods: Partial<{ ctrlKey: boolean; metaKey: boolean; shiftKey: boolean; altKey: boolean }> = {}) => ({
  key,
  ctrlKey: false,
  metaKey: false,
  shiftKey: false,
  altKey: false,
  ...mods,
})

test('every menu accelerator but Open database has the same key in browser mode', () => {
  const menuKeys = Object.entries(SHORTCUTS)
    .filter(([name]) => name !== 'openDatabase')
    .map(([, accelerator]) => accelerator.replace('CmdOrCtrl+', '').toLowerCase())
  assert.deepEqual([...BROWSER_SHORTCUT_KEYS].sort(), menuKeys.sort())
})

test('Ctrl (Cmd on macOS) with the key gives the menu\'s command; other modifiers do not', () => {
  assert.deepEqual(shortcutCommand(press('n', { ctrlKey: true }), false), { kind: 'new-sweep' })
  assert.deepEqual(shortcutCommand(press('2', { metaKey: true }), true), { kind: 'navigate', view: 'compare' })
  assert.deepEqual(shortcutCommand(press('.', { ctrlKey: true }), false), { kind: 'cancel' })
  assert.deepEqual(shortcutCommand(press('I', { ctrlKey: true }), false), { kind: 'navigate', view: 'datasets' })
  assert.equal(shortcutCommand(press('n', { metaKey: true }), false), null)
  assert.equal(shortcutCommand(press('n', { ctrlKey: true, shiftKey: true }), false), null)
  assert.equal(shortcutCommand(press('n'), false), null)
  assert.equal(shortcutCommand(press('o', { ctrlKey: true }), false), null)
})
