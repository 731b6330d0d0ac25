// The teacher designer's generic fields: one name field (the Save box's), the matrices in their own editor.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { teacherFields } from '../../../src-renderer/util/teacherFields'

test('an explicit teacher shows no name or matrix fields of its own; other kinds keep theirs', () => {
  assert.deepEqual(teacherFields('explicit').map((f) => f.name), [])
  assert.ok(teacherFields('random-stable').some((f) => f.name === 'dim'))
})
