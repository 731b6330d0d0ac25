// The backend an entry point chooses (src-main/engine/backend/choose.ts): in a fresh Node 20 process it turns on
// relaxed SIMD before the kernels compile, so the CLI and its workers run the fused multiply-add module the desktop app
// (Electron) runs; native where the addon loads, WASM under IMPULSE_NATIVE=0.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('../../../', import.meta.url))

function choose(env: Record<string, string>): { backend: string; fused: boolean; unavailable: string | null } {
  const script = `
    const { chooseBackend } = await import('${root}src-main/engine/backend/choose.ts')
    const choice = chooseBackend()
    console.log(JSON.stringify({ backend: choice.backend.name, fused: choice.wasm.compiled.fused, unavailable: choice.nativeUnavailable }))`
  const result = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script],
    { encoding: 'utf8', cwd: root, env: { ...process.env, ...env } })
  assert.equal(result.status, 0, result.stderr)
  return JSON.parse(result.stdout.trim().split('\n').pop() ?? '{}')
}

// npm install builds the addon; only a machine told to go without it (IMPULSE_SKIP_NATIVE=1) skips the native check
const skip = process.env.IMPULSE_SKIP_NATIVE === '1' && 'IMPULSE_SKIP_NATIVE=1: the native kernels were not built'

test('a fresh process chooses the native backend on the fused WASM module', { skip }, () => {
  assert.deepEqual(choose({}), { backend: 'native', fused: true, unavailable: null })
})

test('IMPULSE_NATIVE=0 chooses the WASM backend and says why', () => {
  assert.deepEqual(choose({ IMPULSE_NATIVE: '0' }), { backend: 'wasm', fused: true, unavailable: 'turned off (IMPULSE_NATIVE=0)' })
})
