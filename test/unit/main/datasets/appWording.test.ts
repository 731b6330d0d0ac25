// Import errors in the wizard's words: no command-line flags for app users.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { forApp } from '../../../../src-main/datasets/appWording'
import { decideRoles } from '../../../../src-main/datasets/roles'

const profile = (name: string, min = 0) => ({ name, min, max: 5 }) as never

test('a file with no behaviour column tells an app user to set a column role, not to pass --behavior', () => {
  let message = ''
  try {
    decideRoles([profile('n1'), profile('n2')], {}, 's1.csv')
  } catch (error) {
    message = (error as Error).message
  }
  assert.match(message, /--behavior/)
  const app = forApp(message)
  assert.doesNotMatch(app, /--/)
  assert.match(app, /^s1\.csv: no behaviour column found \(columns: .*\); set the role of the behaviour columns to "behavior"/)
})

test('every flag the CSV checks name is rewritten', () => {
  assert.equal(forApp('s1.csv: --time "t_ms": no such column (columns: a, b)'), 's1.csv: time column "t_ms": no such column (columns: a, b)')
  assert.equal(forApp('s1.csv: --neurons n9: no such column'), 's1.csv: column n9: no such column')
  assert.doesNotMatch(forApp('s1.csv: no time column to read the bin width from (columns: a); give --bin-width SECONDS or --time COLUMN'), /--/)
})
