// The committed WebAssembly module (src-shared/engine/backend/generated/) against a fresh build of scripts/wasm/*.as.ts:
// the blob is generated code, and this keeps it what its sources compile to.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('../../../', import.meta.url))

test('the committed WebAssembly module equals a fresh build of its sources', { timeout: 300_000 }, () => {
  const result = spawnSync(process.execPath, [`${root}scripts/build-wasm.mjs`, '--check'], { encoding: 'utf8', cwd: root })
  assert.equal(result.status, 0, `${result.stdout}\n${result.stderr}`)
})
