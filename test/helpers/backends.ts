/**
 * The kernel backends tests train with: WASM unless a test compares backends (what a worker runs where the native
 * addon is missing; the native one is tested in test/unit/main/engine/backends.test.ts), and the reference.
 */
import { createWasmBackend, referenceBackend, type Backend, type WasmBackend } from '../../src-shared/engine/backend'
import type { RunContext } from '../../src-shared/experiments/procedure'

function compileWasm(): WasmBackend {
  const wasm = createWasmBackend()
  if (!wasm) throw new Error('WebAssembly SIMD is unavailable in this Node: the WASM backend cannot run')
  return wasm
}

export const wasmBackend: WasmBackend = compileWasm()
export const testBackend: Backend = wasmBackend
export { referenceBackend }

/** A run context that drops progress and trains with testBackend. */
export const testContext: RunContext = { onProgress() {}, backend: testBackend }
