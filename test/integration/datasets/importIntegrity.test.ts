// A CSV that changes while it is imported is refused (the store unchanged), and what is stored is hashed from the
// bytes parsed: re-importing the original after a refused change gives the original's values, never the changed ones.
import { after, test } from 'node:test'
import assert from 'node:assert/strict'
import { appendFileSync, mkdtempSync, readdirSync, rmSync, truncateSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Store } from '../../../src-main/store/index'
import { datasetPath, importCsv, loadDatasetFile } from '../../../src-main/datasets/index'

const dir = mkdtempSync(join(tmpdir(), 'impulse-lab-integrity-'))
after(() => rmSync(dir, { recursive: true, force: true }))

/** A CSV larger than one read chunk (64 KB), so the import reads it in several steps. */
function recording(value: number): string {
  const rows = Array.from({ length: 6000 }, (_, i) => `${(i * 0.05).toFixed(2)},${(i + value) % 7},${i % 3},${Math.sin(i + value).toFixed(5)}`)
  return `time_s,n1,n2,vel_x\n${rows.join('\n')}\n`
}

function datasetRows(store: Store): number {
  return (store.db.prepare(`SELECT count(*) AS n FROM datasets`).get() as { n: number }).n
}

test('a file rewritten between reads is refused; the original imported afterwards keeps its own values', async () => {
  const store = Store.open(join(dir, 'changed.db'))
  const file = join(dir, 'changing.csv')
  writeFileSync(file, recording(0))
  let changed = false
  await assert.rejects(
    importCsv(store, file, {}, { hooks: {
      onRead: () => {
        if (changed) return
        changed = true
        writeFileSync(file, recording(3)) // another program saves a new version mid-import
      },
    } }),
    /changing\.csv changed while it was being imported .*nothing was stored/,
  )
  assert.equal(datasetRows(store), 0)
  assert.deepEqual(readdirSync(store.dataDir), [])
  // The file now holds version 3: importing it stores version 3's values, under version 3's hash.
  const { dataset } = await importCsv(store, file)
  const stored = loadDatasetFile(datasetPath(store, dataset))
  assert.equal(stored.values[1], 3) // row 0, column n1 = (0 + 3) % 7
  store.close()
})

test('a file truncated mid-import is not accepted with half its rows', async () => {
  const store = Store.open(join(dir, 'truncated.db'))
  const file = join(dir, 'truncated.csv')
  writeFileSync(file, recording(0))
  let cut = false
  await assert.rejects(
    importCsv(store, file, {}, { hooks: {
      onRead: (bytes) => {
        if (cut) return
        cut = true
        truncateSync(file, bytes + 100) // the rest of the file is gone; what was read still parses
      },
    } }),
    /truncated\.csv changed while it was being imported/,
  )
  assert.equal(datasetRows(store), 0)
  store.close()
})

test('a file growing while it is read is refused too', async () => {
  const store = Store.open(join(dir, 'grown.db'))
  const file = join(dir, 'grown.csv')
  writeFileSync(file, recording(0))
  let grown = false
  await assert.rejects(
    importCsv(store, file, {}, { hooks: {
      onRead: () => {
        if (grown) return
        grown = true
        appendFileSync(file, '300.00,1,1,0.5\n')
      },
    } }),
    /grown\.csv changed while it was being imported/,
  )
  assert.equal(datasetRows(store), 0)
  store.close()
})
