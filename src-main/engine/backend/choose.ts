/**
 * Which kernel backend a process trains with, decided once by its entry point (the worker, the CLI, the bench) and
 * passed down: native where the addon loads and IMPULSE_NATIVE is not 0, else WASM, else the reference. The same
 * choice in every process of a machine gives a spec the same numbers from each.
 */
import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join, sep } from 'node:path'
import { fileURLToPath } from 'node:url'
import { setFlagsFromString } from 'node:v8'
import { compileWasmKernels, createWasmBackend, referenceBackend, type Backend, type WasmBackend } from '../../../src-shared/engine/backend'
import { createNativeBackend, type NativeAddon, type NativeBackend } from './native'

const ADDON = join('build', 'Release', 'impulse_native.node')

/** The addon's path: in build/Release at the repository root, found upward from this module (sources, bundles, out/). */
function addonPath(): string | null {
  let dir = dirname(fileURLToPath(import.meta.url))
  for (let up = 0; up < 6; up++) {
    // a packaged app keeps native modules outside the ASAR archive
    const candidate = join(dir, ADDON).replace(`app.asar${sep}`, `app.asar.unpacked${sep}`)
    if (existsSync(candidate)) return candidate
    dir = dirname(dir)
  }
  return null
}

/** The addon, or why it cannot be used. */
export function loadNativeAddon(env: NodeJS.ProcessEnv = process.env): { addon: NativeAddon } | { unavailable: string } {
  if (env.IMPULSE_NATIVE === '0') return { unavailable: 'turned off (IMPULSE_NATIVE=0)' }
  const path = addonPath()
  if (!path) return { unavailable: `not built (no ${ADDON}; npm run build:native builds it)` }
  try {
    return { addon: createRequire(import.meta.url)(path) as NativeAddon }
  } catch (error) {
    return { unavailable: `${path} did not load: ${error instanceof Error ? error.message : String(error)}` }
  }
}

/**
 * Node 20's V8 has WebAssembly relaxed SIMD behind a flag (Electron's and Node 22's have it on): turned on before the
 * kernels compile, the CLI, its workers and the bench run the same fused multiply-add kernels as the desktop app.
 */
function enableRelaxedSimd(): void {
  const nodeMajor = Number(process.versions.node.split('.')[0])
  if (!process.versions.electron && nodeMajor < 22) setFlagsFromString('--experimental-wasm-relaxed-simd')
}

export interface BackendChoice {
  backend: Backend
  /** The WASM backend (also under the native one), null without WebAssembly SIMD. */
  wasm: WasmBackend | null
  native: NativeBackend | null
  /** Why the native backend is not in use, or null when it is. */
  nativeUnavailable: string | null
}

/** The fastest backend here; call once per process, at its entry point. */
export function chooseBackend(env: NodeJS.ProcessEnv = process.env): BackendChoice {
  enableRelaxedSimd()
  const wasm = createWasmBackend(compileWasmKernels())
  const loaded = loadNativeAddon(env)
  if (!wasm) return { backend: referenceBackend, wasm, native: null, nativeUnavailable: 'WebAssembly SIMD is unavailable' }
  if ('unavailable' in loaded) return { backend: wasm, wasm, native: null, nativeUnavailable: loaded.unavailable }
  const native = createNativeBackend(loaded.addon, wasm)
  return { backend: native, wasm, native, nativeUnavailable: null }
}
