/**
 * The import wizard: a role edit is answered from the file's kept profiles without reading it again (a changed file,
 * or an ignored column that changes what is read, is read again), and every message advises in the wizard's words.
 */
import { after, test } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ImportWizard } from '../../../src-main/datasets/wizard'
import { FileHandles } from '../../../src-main/lab/fileHandles'
import { Store } from '../../../src-main/store/index'
import { importCsv } from '../../../src-main/datasets/index'
import { decideRoles } from '../../../src-main/datasets/roles'
import { APP_WORDS, CLI_WORDS } from '../../../src-main/datasets/importWords'
import type { RoleChoices } from '../../../src-shared/data/columnRoles'

const dir = mkdtempSync(join(tmpdir(), 'impulse-wizard-'))
after(() => rmSync(dir, { recursive: true, force: true }))
const handles = new FileHandles()

function file(name: string, text: string): { fileName: string; fileHandle: string } {
  const path = join(dir, name)
  writeFileSync(path, text)
  return { fileName: name, fileHandle: handles.add(path).fileHandle }
}

const NOTES = 'time_s,n1,n2,notes,vel_x\n0,1,2,ok,-0.5\n0.05,0,1,1e309,0.5\n0.10,2,0,see lab book,0.1\n'

test('role edits are answered without reading the file again; a changed file is read again', async () => {
  const wizard = new ImportWizard({ fileHandles: handles })
  const source = file('notes.csv', NOTES)
  const first = await wizard.preview(source)
  assert.equal(wizard.fileReads, 1)
  assert.equal(first.problemCount, 3)
  const roles: RoleChoices = Object.fromEntries(first.columns.map((c) => [c.name, c.name === 'notes' ? 'ignore' : c.role]))
  const ignored = await wizard.preview({ ...source, roles })
  assert.deepEqual([ignored.problemCount, ignored.problems], [0, []])
  const swapped = await wizard.preview({ ...source, roles: { ...roles, n2: 'behavior' } })
  assert.deepEqual(swapped.columns.map((c) => c.role), ['time', 'neuron', 'behavior', 'ignore', 'behavior'])
  assert.deepEqual(swapped.columns[1].sample, [1, 0, 2])
  assert.equal(wizard.fileReads, 1, 'two role edits, no read')
  // the same answer as a wizard that reads the file for it
  assert.deepEqual(await new ImportWizard({ fileHandles: handles }).preview({ ...source, roles }), ignored)
  writeFileSync(join(dir, 'notes.csv'), NOTES + '0.15,1,1,x,0.2\n')
  assert.equal((await wizard.preview({ ...source, roles })).rows, 4)
  assert.equal(wizard.fileReads, 2)
})

test('ignoring the time column, or a column past the listed bad cells, reads the file again', async () => {
  const wizard = new ImportWizard({ fileHandles: handles })
  const timed = file('timed.csv', 'time_s,n1,vel_x\n0,1,-0.5\n0.05,0,0.5\n')
  assert.equal((await wizard.preview(timed)).binWidth, 0.05)
  const noTime = await wizard.preview({ ...timed, roles: { time_s: 'ignore', n1: 'neuron', vel_x: 'behavior' } })
  assert.equal(wizard.fileReads, 2)
  assert.ok(noTime.warnings.includes('No time column: give the bin width in seconds'))
  const rows = Array.from({ length: 300 }, (_, i) => `${i * 0.05},oops,${i === 250 ? 'bad' : 1},-0.5\n`).join('')
  const many = file('many.csv', 'time_s,n1,n2,vel_x\n' + rows)
  assert.equal((await wizard.preview(many)).problemCount, 301)
  const without = await wizard.preview({ ...many, roles: { time_s: 'time', n1: 'ignore', n2: 'neuron', vel_x: 'behavior' } })
  assert.equal(wizard.fileReads, 4)
  assert.deepEqual([without.problemCount, without.problems.map((p) => [p.line, p.column])], [1, [[252, 'n2']]])
})

test('the wizard advises with its own controls, the command line with its flags', async () => {
  const profile = (name: string) => ({ name, min: 0, max: 5, allIntegers: true, increasing: false })
  const cli = () => decideRoles([profile('n1'), profile('n2')], {}, 's1.csv', CLI_WORDS)
  const app = () => decideRoles([profile('n1'), profile('n2')], {}, 's1.csv', APP_WORDS)
  assert.throws(cli, (e: Error) => e.message === 's1.csv: no behaviour column found (columns: n1, n2); name them with --behavior col1,col2')
  assert.throws(app, (e: Error) => /set the role of the behaviour columns to "behavior" in the table below$/.test(e.message) && !e.message.includes('--'))
  assert.throws(() => decideRoles([profile('a')], { time: 'clock' }, 's1.csv', APP_WORDS), /^.*s1\.csv: time column "clock": no such column/)

  const wizard = new ImportWizard({ fileHandles: handles })
  const noTime = file('notime.csv', 'n1,n2,force\n1,2,-1\n0,1,2\n')
  const store = Store.open(join(dir, 'lab.db'))
  try {
    const refused = await wizard.import(store, { ...noTime, name: 'no time' }).then(() => '', (e: Error) => e.message)
    assert.equal(refused, 'notime.csv: no time column to read the bin width from (columns: n1, n2, force); give the bin width in seconds, or set a column\'s role to "time"')
    const preview = await wizard.preview({ ...noTime, roles: { n1: 'neuron', n2: 'neuron', force: 'neuron' } })
    assert.ok(preview.warnings.every((w) => !w.includes('--')), preview.warnings.join('\n'))
    await assert.rejects(importCsv(store, join(dir, 'notime.csv')), /give --bin-width SECONDS or --time COLUMN$/)
  } finally {
    store.close()
  }
})
