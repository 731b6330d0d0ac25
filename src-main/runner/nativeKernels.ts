/**
 * Installs the native matrix product (native/, built by `npm install` into build/Release) into the engine, so the
 * gated students and the impulse-response carries multiply with AVX-512 or AVX2 fused multiply-adds instead of
 * 128-bit WebAssembly SIMD. Where it was not built, or cannot load, the WASM kernels are used, and
 * IMPULSE_NATIVE=0 turns it off. Imported for its effect by the CLI and the worker entry points (after
 * relaxedSimd), and by the tests that compare with them, so a spec gives the same numbers from every process that
 * trains on this machine.
 */
import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join, sep } from 'node:path'
import { fileURLToPath } from 'node:url'
import { installNativeGemm, type NativeGemmKernel } from '../../src-shared/engine/gemm'

const ADDON = join('build', 'Release', 'impulse_native.node')

/** The addon's path: in build/Release at the repository root, found upward from this module (sources, bundles, out/). */
function addonPath(): string | null {
  let dir = dirname(fileURLToPath(import.meta.url))
  for (let up = 0; up < 5; up++) {
    // a packaged app keeps native modules outside the ASAR archive
    const candidate = join(dir, ADDON).replace(`app.asar${sep}`, `app.asar.unpacked${sep}`)
    if (existsSync(candidate)) return candidate
    dir = dirname(dir)
  }
  return null
}

/** Why the native kernel is not in use, or null when it is. */
export let nativeUnavailable: string | null = null

function load(): void {
  if (process.env.IMPULSE_NATIVE === '0') {
    nativeUnavailable = 'turned off (IMPULSE_NATIVE=0)'
    return
  }
  const path = addonPath()
  if (!path) {
    nativeUnavailable = `not built (no ${ADDON}; npm run build:native builds it)`
    return
  }
  try {
    installNativeGemm(createRequire(import.meta.url)(path) as NativeGemmKernel)
  } catch (error) {
    nativeUnavailable = `${path} did not load: ${error instanceof Error ? error.message : String(error)}`
  }
}

load()
