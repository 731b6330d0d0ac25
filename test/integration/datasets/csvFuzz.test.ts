// Hostile CSVs: numbers that overflow, quotes csv-parse refuses, wrong delimiters, huge cells and headers, many bad
// cells. Each is refused with one short line naming the file (and line and column where there is one), the store is
// left exactly as it was, and the preview lists every bad cell up to the cap so a column can be ignored.
import { after, test } from 'node:test'
import assert from 'node:assert/strict'
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Store } from '../../../src-main/store/index'
import { CsvError, importCsv, loadDatasetFile } from '../../../src-main/datasets/index'
import { datasetFileFor } from '../../../src-main/datasets/refs'
import { MAX_LISTED_PROBLEMS } from '../../../src-main/datasets/csvError'
import { ImportWizard } from '../../../src-main/datasets/wizard'
import { FileHandles } from '../../../src-main/lab/fileHandles'

/** The wizard's preview of a file on disk, as the desktop app asks for it: by a handle for the file its dialog chose. */
const handles = new FileHandles()
function previewFile(request: { fileName: string; path: string; roles?: Record<string, 'time' | 'neuron' | 'behavior' | 'ignore'> }) {
  const { path, ...rest } = request
  return new ImportWizard({ fileHandles: handles }).preview({ ...rest, fileHandle: handles.add(path).fileHandle })
}

const dir = mkdtempSync(join(tmpdir(), 'impulse-csvfuzz-'))
const store = Store.open(join(dir, 'lab.db'))
after(() => {
  store.close()
  rmSync(dir, { recursive: true, force: true })
})

function csv(name: string, text: string): string {
  const path = join(dir, name)
  writeFileSync(path, text)
  return path
}
function snapshot(): string {
  const rows = store.db.prepare('SELECT * FROM datasets ORDER BY id').all()
  const files = existsSync(store.dataDir) ? readdirSync(store.dataDir).sort() : []
  return JSON.stringify({ rows, files })
}

const HEAD = 'time_s,n1,n2,vel_x\n'
const row = (t: number, n1: string | number = 1, n2: string | number = 2, v: string | number = -0.5) => `${t.toFixed(2)},${n1},${n2},${v}\n`
const digits400 = '9'.repeat(400)

/** [what, file text, the message it must give]. */
const CASES: Array<[string, string, RegExp]> = [
  ['1e309', HEAD + row(0) + row(0.05, '1e309'), /line 3, column "n1": "1e309" is too large for a 64-bit number/],
  ['-1e309', HEAD + row(0) + row(0.05, 1, 2, '-1e309'), /line 3, column "vel_x": "-1e309" is too large/],
  ['400-digit integer', HEAD + row(0) + row(0.05, 1, digits400), /line 3, column "n2": "9{32}"… \(400 characters\) is too large/],
  ['1e308 * 10 written out', HEAD + row(0) + row(0.05, '17976931348623159' + '0'.repeat(292)), /column "n1": .* is too large/],
  ['overflowing time', `${HEAD}0,1,2,3\n1e400,1,2,3\n`, /line 3, column "time_s": "1e400" is too large/],
  ['Infinity', HEAD + row(0) + row(0.05, 'Infinity'), /column "n1": Infinity \(NaN and infinities are not data\)/],
  ['-inf', HEAD + row(0) + row(0.05, 1, '-inf'), /column "n2": -inf \(NaN/],
  ['hex', HEAD + row(0) + row(0.05, '0x10'), /column "n1": "0x10" is not a number/],
  ['decimal comma under semicolons', 'time_s;n1;vel_x\n0;1;0,5\n0,05;2;-0,5\n', /line 2, column "vel_x": "0,5" is not a number \(a decimal comma\?/],
  ['unclosed quote', `${HEAD}0,1,2,3\n0.05,"1,2,3\n`, /^bad\.csv( line \d+)?: .*quote/i],
  ['quote inside a cell', `${HEAD}0,1,2,3\n0.05,1"2,2,3\n`, /^bad\.csv( line \d+)?: .*quote/i],
  ['space-separated header', 'time_s n1 vel_x\n0 1 2\n', /bad\.csv line 1: one column "time_s n1 vel_x": columns must be separated/],
  ['a 1 MB cell', HEAD + row(0) + row(0.05, 'x'.repeat(1 << 20)), /column "n1": "x{32}"… \(1048576 characters\) is not a number/],
  ['5,000 columns, no behaviour', `${Array.from({ length: 5000 }, (_, i) => `n${i}`).join(',')}\n${Array(5000).fill(1).join(',')}\n`, /no behaviour column found \(columns: n0, n1, .*… \(5000 columns\)\)/],
  ['duplicate huge name', `${'c'.repeat(3000)},${'c'.repeat(3000)}\n1,2\n`, /duplicate column name "c{32}"… \(3000 characters\)/],
  ['ragged row', HEAD + row(0) + '0.05,1\n', /line 3: 2 cells, but the header has 4 columns \(ragged row\)/],
  ['empty file', '', /bad\.csv: empty file/],
  ['header only', HEAD, /a header but no data rows/],
  ['time going back', HEAD + row(0.1) + row(0.05), /line 3, column "time_s": time 0\.05 does not come after/],
  ['BOM and CRLF with a bad cell', '\ufeff' + HEAD.replace('\n', '\r\n') + '0,1,2,3\r\n0.05,?,2,3\r\n', /line 3, column "n1": "\?" is not a number/],
]

for (const [what, text, message] of CASES) {
  test(`refused: ${what}, in one short line, store unchanged`, async () => {
    const before = snapshot()
    const error = await importCsv(store, csv('bad.csv', text)).then(
      () => assert.fail('imported a bad file'),
      (e: unknown) => e as Error,
    )
    assert.ok(error instanceof CsvError, `not a CsvError: ${error}`)
    assert.match(error.message, message)
    assert.ok(!error.message.includes('\n'), `more than one line: ${error.message}`)
    assert.ok(error.message.length <= 300, `${error.message.length} characters`)
    assert.equal(snapshot(), before)
  })
}

test('good files in other dialects import: tabs, semicolons, quoted header, BOM, CRLF, big exponents that fit', async () => {
  const dialects: Array<[string, string]> = [
    ['tabs.tsv', 'time_s\tn1\tvel_x\n0\t1\t-0.5\n0.05\t2\t0.5\n'],
    ['semi.csv', 'time_s;n1;vel_x\n0;1;-0.5\n0.05;2;0.5\n'],
    ['quoted.csv', '"time_s","n1","vel_x"\n0,1,-0.5\n0.05,2,0.5\n'],
    ['crlf.csv', '\ufefftime_s,n1,vel_x\r\n0,1,-0.5\r\n0.05,2,1e308\r\n'],
  ]
  for (const [name, text] of dialects) {
    const report = await importCsv(store, csv(name, text), { name })
    assert.deepEqual(report.dataset.meta.columns.map((c) => c.role), ['time', 'neuron', 'behavior'], name)
    if (!name.endsWith('.csv') || name === 'semi.csv') assert.ok(report.notes.some((n) => /separated by (tab|semicolon)/.test(n)), report.notes.join('; '))
  }
})

test(`every bad cell is listed up to ${MAX_LISTED_PROBLEMS}, with the total; the message names the first and counts the rest`, async () => {
  const rows = Array.from({ length: 500 }, (_, i) => row(i * 0.05, i % 2 === 0 ? 'oops' : 1, 2, i === 7 ? '1e999' : -0.5)).join('')
  const path = csv('many.csv', HEAD + rows)
  const preview = await previewFile({ fileName: 'many.csv', path })
  assert.equal(preview.problemCount, 251)
  assert.equal(preview.problems.length, MAX_LISTED_PROBLEMS)
  assert.deepEqual(preview.problems[0], { line: 2, column: 'n1', message: '"oops" is not a number' })
  assert.deepEqual(preview.problems.find((p) => p.column === 'vel_x'), { line: 9, column: 'vel_x', message: '"1e999" is too large for a 64-bit number (overflows to infinity)' })
  await assert.rejects(importCsv(store, path), (e: CsvError) => e.total === 251 && e.problems.length === MAX_LISTED_PROBLEMS && /many\.csv line 2, column "n1": "oops" is not a number \(and 250 more bad cells\)/.test(e.message))
})

test('a column set to ignore is not read: its bad cells no longer block the import, and it lands as NaN', async () => {
  const text = `time_s,n1,n2,notes,vel_x\n0,1,2,ok,-0.5\n0.05,0,1,1e309,0.5\n0.10,2,0,see lab book,0.1\n`
  const path = csv('notes.csv', text)
  const first = await previewFile({ fileName: 'notes.csv', path })
  assert.deepEqual(first.problems.map((p) => [p.line, p.column]), [[2, 'notes'], [3, 'notes'], [4, 'notes']])
  const roles = Object.fromEntries(first.columns.map((c) => [c.name, c.name === 'notes' ? 'ignore' : c.role] as const))
  const retried = await previewFile({ fileName: 'notes.csv', path, roles })
  assert.equal(retried.problemCount, 0)
  const report = await importCsv(store, path, { name: 'notes', ignore: ['notes'] })
  const table = loadDatasetFile(await datasetFileFor(store, 'notes', 'refuse'))
  assert.deepEqual(report.dataset.meta.columns.map((c) => c.role), ['time', 'neuron', 'neuron', 'ignore', 'behavior'])
  assert.ok(Number.isNaN(table.values[3]) && table.values[4] === -0.5)
})
