// What `--db` may open: the lab's own stores (by SQLite application id, or the tables of an older store) and new
// files in existing folders. Everything else is refused by name, byte for byte unchanged.
import { after, test } from 'node:test'
import assert from 'node:assert/strict'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { SCHEMA_VERSION, Store } from '../../../src-main/store'
import { LAB_APPLICATION_ID } from '../../../src-main/store/storeFile'
import { runCliProcess } from '../../helpers/cliProcess'

const dir = mkdtempSync(join(tmpdir(), 'impulse-lab-storefile-'))
after(() => rmSync(dir, { recursive: true, force: true }))
let files = 0
const freshFile = () => join(dir, `f-${++files}.db`)

/** Store.open must throw `pattern` and leave the file (and no -wal/-shm beside it) exactly as it was. */
function assertRefusedUnchanged(file: string, pattern: RegExp): void {
  const before = readFileSync(file)
  const walBefore = existsSync(`${file}-wal`)
  assert.throws(() => Store.open(file), (error: Error) => {
    assert.match(error.message, pattern)
    assert.ok(error.message.includes(file), `the message names the path: ${error.message}`)
    return true
  })
  assert.deepEqual(readFileSync(file), before)
  assert.equal(existsSync(`${file}-wal`), walBefore)
}

test('a new store carries the application id; an older store gets it on open', () => {
  const file = freshFile()
  Store.open(file).close()
  const db = new Database(file, { readonly: true })
  assert.equal(db.pragma('application_id', { simple: true }), LAB_APPLICATION_ID)
  db.close()
  const old = new Database(file)
  old.pragma('application_id = 0')
  old.close()
  Store.open(file).close()
  const reopened = new Database(file, { readonly: true })
  assert.equal(reopened.pragma('application_id', { simple: true }), LAB_APPLICATION_ID)
  reopened.close()
})

test("another program's SQLite database is refused by name and left unchanged (journal mode too)", () => {
  const file = freshFile()
  const other = new Database(file)
  other.exec(`CREATE TABLE contacts (name TEXT); INSERT INTO contacts VALUES ('ada')`)
  other.close()
  assertRefusedUnchanged(file, /another program's SQLite database \(tables contacts\)/)
  const foreignId = freshFile()
  const app = new Database(foreignId)
  app.pragma('application_id = 1234')
  app.exec(`CREATE TABLE sweeps (id TEXT)`)
  app.close()
  assertRefusedUnchanged(foreignId, /application id 0x4d2/)
})

test('0-byte, non-SQLite and corrupt files are refused naming the path; nothing is written', () => {
  const empty = freshFile()
  writeFileSync(empty, '')
  assertRefusedUnchanged(empty, /empty file \(0 bytes\)/)
  const text = freshFile()
  writeFileSync(text, 'time_s,x\n0,1\n')
  assertRefusedUnchanged(text, /not an SQLite database/)
  const corrupt = freshFile()
  Store.open(corrupt).close()
  const bytes = readFileSync(corrupt)
  bytes.fill(0x5a, 100, 4096) // the schema page's content after the header
  writeFileSync(corrupt, bytes)
  assertRefusedUnchanged(corrupt, /damaged or unreadable SQLite file/)
})

test('a store from a newer build is refused before its journal mode is touched', () => {
  const file = freshFile()
  Store.open(file).close()
  const db = new Database(file)
  db.pragma('journal_mode = DELETE')
  db.pragma(`user_version = ${SCHEMA_VERSION + 1}`)
  db.close()
  assertRefusedUnchanged(file, /schema version \d+; this build knows up to \d+/)
  const check = new Database(file, { readonly: true })
  assert.equal(check.pragma('journal_mode', { simple: true }), 'delete')
  check.close()
})

test('a store is created only where no file exists, in an existing folder', () => {
  const missing = join(dir, 'no-such-folder', 'lab.db')
  assert.throws(() => Store.open(missing), /no such folder/)
  assert.equal(existsSync(join(dir, 'no-such-folder')), false)
  const folder = join(dir, 'a-folder')
  mkdirSync(folder)
  assert.throws(() => Store.open(folder), /is a directory, not a store file/)
})

test('the CLI refuses a foreign database in one line, exit non-zero, no stack', { timeout: 60_000 }, async () => {
  const file = freshFile()
  const other = new Database(file)
  other.exec(`CREATE TABLE photos (id INTEGER)`)
  other.close()
  const before = readFileSync(file)
  const result = await runCliProcess(['runs', '--db', file])
  assert.notEqual(result.code, 0)
  assert.match(result.stderr, /^impulse-lab runs: .*f-\d+\.db is another program's SQLite database \(tables photos\).*\n$/)
  assert.deepEqual(readFileSync(file), before)
})
