/**
 * The kernel backend (README.md in this folder says where each variant's source lives and which one runs): the
 * interface, the reference and the WASM binding. The native binding is src-main/engine/backend/native.ts.
 */
export type { Arena, ArrayOf, Backend, BackendName, DiagonalRequest, DiagonalStepArgs, GeneralStepArgs, Precision, Real } from './types'
export { DIAGONAL_BATCH_STRIDE } from './types'
export { referenceBackend } from './reference'
export { compileWasmKernels, createWasmBackend, WasmArena, type WasmBackend, type WasmModule } from './wasm'
