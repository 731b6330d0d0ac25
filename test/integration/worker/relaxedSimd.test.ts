// Node 20 keeps WebAssembly relaxed SIMD behind a V8 flag; the CLI and worker entry points turn it on first thing,
// so they pick the fused multiply-add kernels the desktop app (Electron) uses.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('../../../', import.meta.url))

test('importing runner/relaxedSimd before any WebAssembly compiles makes the engine choose the fused kernels', () => {
  const script = `
    await import('${root}src-main/runner/relaxedSimd.ts')
    const { wasmGemmFused } = await import('${root}src-shared/engine/gemm.ts')
    console.log(JSON.stringify({ fused: wasmGemmFused() }))`
  const result = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8', cwd: root })
  assert.equal(result.status, 0, result.stderr)
  assert.deepEqual(JSON.parse(result.stdout.trim().split('\n').pop() ?? '{}'), { fused: true })
})

test('the CLI and the worker import it before anything else', () => {
  for (const entry of ['src-main/cli/main.ts', 'src-main/worker/worker.ts']) {
    const firstImport = readFileSync(`${root}${entry}`, 'utf8').split('\n').find((line) => line.startsWith('import '))
    assert.equal(firstImport, "import '../runner/relaxedSimd'", entry)
  }
})
