/**
 * Node 20's V8 has WebAssembly relaxed SIMD behind a flag (Electron's and Node 22's have it on): turning it on before
 * the first module compiles lets the CLI, its workers and the bench run the same fused multiply-add kernels as the
 * desktop app (src-shared/engine/gemm.ts picks them), so a spec gives the same numbers from either, ~1.2× faster.
 * Imported for its effect, first, by the CLI and the worker entry points.
 */
import { setFlagsFromString } from 'node:v8'

const nodeMajor = Number(process.versions.node.split('.')[0])
if (!process.versions.electron && nodeMajor < 22) setFlagsFromString('--experimental-wasm-relaxed-simd')
