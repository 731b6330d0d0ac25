// `/` focuses the runs query box unless the user is typing in a field.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { isQueryShortcut } from '../../../src-renderer/util/queryShortcut'

const press = (key: string, tagName = 'BODY', mods: Partial<{ ctrlKey: boolean; metaKey: boolean; altKey: boolean }> = {}) =>
  isQueryShortcut({ key, ctrlKey: false, metaKey: false, altKey: false, ...mods, target: { tagName } as unknown as EventTarget })

test('a plain / outside fields asks for the query box', () => {
  assert.equal(press('/'), true)
  assert.equal(press('?'), false)
  assert.equal(press('/', 'BODY', { ctrlKey: true }), false)
  for (const field of ['INPUT', 'TEXTAREA', 'SELECT']) assert.equal(press('/', field), false, field)
})
