// Hostile input to the command line and the API, refused up front with a message naming the file, flag or field:
// deep nesting, unbounded and non-regular files, prototype keys, unknown datasets, loose numbers and encodings.
import { after, test } from 'node:test'
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { runCli } from '../../../src-main/cli/cli'
import { formatTable } from '../../../src-main/cli/table'
import { dispatchLabCall } from '../../../src-main/lab/dispatch'
import type { LabHandlers } from '../../../src-shared/api/lab'
import { parseJsonBody } from '../../../src-main/server/requestBody'

const dir = mkdtempSync(join(tmpdir(), 'impulse-lab-badinput-'))
const db = join(dir, 'lab.db')
after(() => rmSync(dir, { recursive: true, force: true }))

async function cli(...args: string[]): Promise<{ code: number; stderr: string; stdout: string }> {
  let stdout = ''
  let stderr = ''
  const code = await runCli([...args, '--db', db], { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), interactive: false })
  return { code, stdout, stderr }
}

let files = 0
function file(content: string | Buffer, ext = 'json'): string {
  const path = join(dir, `f${++files}.${ext}`)
  writeFileSync(path, content)
  return path
}
const base = { student: { width: 3 }, stopping: { maxSteps: 5 } }
const sweepFile = (doc: unknown) => file(JSON.stringify(doc))
const storedSweeps = () => {
  const raw = new Database(db, { readonly: true })
  const n = (raw.prepare(`SELECT count(*) AS n FROM sweeps`).get() as { n: number }).n
  raw.close()
  return n
}

test('deep nesting is refused before parsing, naming the spec file, the --set path or the request body', async () => {
  const deep = (n: number) => '['.repeat(n) + ']'.repeat(n)
  const spec = file(`{"base": ${deep(50_000)}}`)
  const fromFile = await cli('run', spec)
  assert.equal(fromFile.code, 1)
  assert.equal(fromFile.stderr, `impulse-lab run: ${spec}: JSON nested more than 64 levels deep\n`)
  const fromSet = await cli('run', sweepFile({ base, axes: [], seeds: [0] }), '--set', `student.width=${deep(50_000)}`)
  assert.equal(fromSet.stderr, 'impulse-lab run: --set student.width: the value is nested more than 64 levels deep\n')
  assert.throws(() => parseJsonBody(Buffer.from(`{"sweep": ${deep(50_000)}}`)), (e: Error & { status?: number }) => e.status === 400 && /request body: JSON nested more than 64 levels/.test(e.message))
  // Brackets inside strings are text, not nesting.
  assert.deepEqual(parseJsonBody(Buffer.from(JSON.stringify({ note: '['.repeat(1000) }))), { note: '['.repeat(1000) })
})

test('a table of 200,000 rows (datasets show of a very wide recording) is formatted without a stack overflow', () => {
  const rows = Array.from({ length: 200_000 }, (_, i) => [`n${i}`, 'neuron', i % 3])
  const text = formatTable(['column', 'role', 'row 1'], rows)
  assert.equal(text.split('\n').length, 200_003)
  assert.match(text, /^n199999  neuron {6}1$/m)
})

test('note --file: at most 100,000 characters; directories, FIFOs and devices are refused saying what they are', { timeout: 30_000 }, async () => {
  assert.equal((await cli('run', sweepFile({ base, axes: [], seeds: [0] }))).code, 0)
  const long = file('x'.repeat(100_001), 'md')
  const tooLong = await cli('note', 'r1', '--file', long)
  assert.equal(tooLong.code, 2)
  assert.match(tooLong.stderr, /--file .*: a note is at most 100,000 characters; this file has 100,001\n$/)
  const folder = join(dir, 'a-folder')
  mkdirSync(folder)
  assert.match((await cli('note', 'r1', '--file', folder)).stderr, /--file .*a-folder is a directory, not a regular file/)
  const fifo = join(dir, 'a-fifo')
  assert.equal(spawnSync('mkfifo', [fifo]).status, 0)
  assert.match((await cli('note', 'r1', '--file', fifo)).stderr, /--file .*a-fifo is a FIFO \(named pipe\), not a regular file/)
  assert.match((await cli('note', 'r1', '--file', '/dev/zero')).stderr, /--file \/dev\/zero is a character device, not a regular file/)
  assert.match((await cli('run', fifo)).stderr, /spec file .*a-fifo is a FIFO \(named pipe\)/)
  const imported = await cli('import', fifo)
  assert.equal(imported.code, 2)
  assert.match(imported.stderr, /a-fifo is a FIFO \(named pipe\), not a regular file/)
  assert.match((await cli('import', folder)).stderr, /a-folder is a directory, not a regular file/)
  const exact = file('y'.repeat(100_000), 'md')
  assert.equal((await cli('note', 'r1', '--file', exact)).code, 0)
})

test('__proto__, constructor and prototype are refused by path: in a spec\'s base, a variant\'s set, --set and a raw planSweep', async () => {
  const before = storedSweeps()
  const inBase = sweepFile(JSON.parse(`{"base": {"student": {"width": 3, "__proto__": {"polluted": 1}}}, "axes": [], "seeds": [0]}`))
  assert.match((await cli('run', inBase)).stderr, /base\.student\.__proto__: "__proto__" is not allowed in a spec\n$/)
  const inVariant = sweepFile({ base, axes: [{ name: 'v', variants: [{ label: 'a', set: JSON.parse('{"constructor": {"x": 1}}') }] }], seeds: [0] })
  assert.match((await cli('run', inVariant)).stderr, /axes\.0\.variants\.0\.set\.constructor: "constructor" is not allowed in a spec\n$/)
  const plain = sweepFile({ base, axes: [], seeds: [0] })
  assert.match((await cli('run', plain, '--set', 'student={"width": 3, "prototype": 1}')).stderr, /--set student=.*: student\.prototype: "prototype" is not allowed in a spec\n$/)
  assert.equal(storedSweeps(), before)
  const service = new Proxy({}, { get: () => () => assert.fail('the service must not be called') }) as unknown as LabHandlers
  await assert.rejects(
    dispatchLabCall(service, 'planSweep', JSON.parse(`{"sweep": {"base": {"__proto__": {"x": 1}}, "axes": [], "seeds": [0]}}`)),
    (e: Error & { status?: number }) => e.status === 400 && e.message === 'planSweep: sweep.base.__proto__: "__proto__" is not allowed in a spec',
  )
})

test('a sweep naming a dataset that does not exist is refused and nothing is stored', async () => {
  const before = storedSweeps()
  const result = await cli('run', sweepFile({ base, axes: [], seeds: [0] }), '--set', 'data.dataset=no_such_recording')
  assert.equal(result.code, 1)
  assert.match(result.stderr, /impulse-lab run: sweep: data\.dataset: "no_such_recording" is neither a dataset id or name in this store nor a CSV file \(nothing was stored\)\n$/)
  assert.equal(storedSweeps(), before)
})

test('numbers are read strictly: finite, decimal, within the field\'s range', async () => {
  const plain = sweepFile({ base, axes: [], seeds: [0] })
  assert.match((await cli('run', plain, '--set', 'optimizer.lr=1e999')).stderr, /--set optimizer\.lr=1e999: optimizer\.lr: a number too large for a 64-bit float/)
  assert.match((await cli('run', file('{"base": {"student": {"width": 3}, "optimizer": {"kind": "sgd", "lr": 1e999}}, "axes": [], "seeds": [0]}'))).stderr, /base\.optimizer\.lr: a number too large for a 64-bit float/)
  const csv = file('time_s,n1,vel_x\n0,1,0.5\n0.05,2,0.25\n0.1,0,0.1\n', 'csv')
  for (const width of ['0x10', '1e-320', '1e300', 'Infinity', '', '1_0']) {
    const result = await cli('import', csv, '--bin-width', width)
    assert.equal(result.code, 2, width)
    assert.match(result.stderr, /^impulse-lab import: --bin-width \(seconds\): expected a decimal number from 0\.000001 to 86400, got /, width)
  }
  assert.match((await cli('run', plain, '--workers', '0x10')).stderr, /--workers: expected a positive integer, got "0x10"/)
})

test('a non-UTF-8 CSV is refused naming the line; invisible characters in column names cannot make near-duplicates', async () => {
  const latin1 = file(Buffer.concat([Buffer.from('time_s,n1,vel_x\n0,1,0.5\n'), Buffer.from('0.05,2,0.25\n# d\xe9j\xe0 vu\n', 'latin1')]), 'csv')
  const refused = await cli('import', latin1)
  assert.equal(refused.code, 2)
  assert.match(refused.stderr, /line 4: byte 0xE9 is not UTF-8 \(Latin-1 or Windows-1252 text\?\)/)
  const nbsp = file('time_s,n\u00A01,n 1,vel_x\n0,1,1,0.5\n0.05,2,2,0.25\n0.1,0,0,0.1\n', 'csv')
  assert.match((await cli('import', nbsp)).stderr, /duplicate column name "n 1" \(columns 2 and 3\)/)
  const hidden = file('time_s,n1,ve\u200Bl_x\uFEFF\n0,1,0.5\n0.05,2,0.25\n0.1,0,0.1\n', 'csv')
  const imported = await cli('import', hidden, '--json')
  assert.equal(imported.code, 0, imported.stderr)
  const columns = (JSON.parse(imported.stdout) as { dataset: { columns: Array<{ name: string }> } }).dataset.columns.map((c) => c.name)
  assert.deepEqual(columns, ['time_s', 'n1', 'vel_x'])
})

test('the API takes a bin width in the importer\'s range only, naming the field', async () => {
  const service = new Proxy({}, { get: () => () => assert.fail('the service must not be called') }) as unknown as LabHandlers
  const content = 'time_s,n1,vel_x\n0,1,0.5\n0.05,2,0.25\n'
  for (const method of ['previewDataset', 'importDataset']) {
    for (const binWidth of [1e-320, 1e-7, 86_400.5, 1e300, 0, -1, '0x10']) {
      await assert.rejects(
        dispatchLabCall(service, method, { fileName: 'r.csv', name: 'r', content, binWidth }),
        (e: Error & { status?: number }) => e.status === 400 && e.message.startsWith(`${method}: binWidth: expected a bin width from 0.000001 to 86400 seconds`),
        `${method} ${binWidth}`,
      )
    }
  }
  // The ends of the range pass the boundary and reach the service.
  const seen: number[] = []
  const recording = { datasets: { previewDataset: async (r: { binWidth: number }) => seen.push(r.binWidth) } } as unknown as LabHandlers
  for (const binWidth of [1e-6, 86_400]) await dispatchLabCall(recording, 'previewDataset', { fileName: 'r.csv', content, binWidth })
  assert.deepEqual(seen, [1e-6, 86_400])
})
