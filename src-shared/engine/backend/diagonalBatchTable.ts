/**
 * The table WASM's diagonal batch kernel reads (scripts/wasm/linear.as.ts, diagonalSisoBatch): one entry of
 * DIAGONAL_BATCH_STRIDE doubles per student, its arguments (arena addresses as doubles, exact) and its request.
 */
import { DIAGONAL_BATCH_STRIDE, type DiagonalRequest, type DiagonalStepArgs } from './types'

/** Field offsets in an entry: the E_* constants of linear.as.ts. */
const E = { d: 0, K: 1, balanced: 2, scale: 3, params: 4, grad: 5, m: 6, v: 7, adam: 8, beta1: 9, beta2: 10, eps: 11,
  labels: 12, weights: 13, losses: 14, threshold: 15, work: 16, op: 17, from: 18, until: 19, lr: 20, result: 21 } as const

/** Writes every student's entry; op 0 (nothing this call), 1 (run its steps), 2 (its update). */
export function fillBatchTable(table: Float64Array, students: readonly DiagonalStepArgs[],
  requests: readonly (DiagonalRequest | null)[], at: (x: Readonly<Float64Array>) => number): void {
  for (let i = 0; i < students.length; i++) {
    const x = students[i]
    const request = requests[i]
    const e = i * DIAGONAL_BATCH_STRIDE
    table[e + E.op] = request === null ? 0 : request.kind === 'run' ? 1 : 2
    if (request === null) continue
    table[e + E.d] = x.d
    table[e + E.K] = x.K
    table[e + E.balanced] = x.balanced ? 1 : 0
    table[e + E.scale] = x.scale
    table[e + E.params] = at(x.params)
    table[e + E.grad] = at(x.grad)
    table[e + E.m] = x.adam ? at(x.adam.m) : 0
    table[e + E.v] = x.adam ? at(x.adam.v) : 0
    table[e + E.adam] = x.adam ? 1 : 0
    table[e + E.beta1] = x.adam?.beta1 ?? 0
    table[e + E.beta2] = x.adam?.beta2 ?? 0
    table[e + E.eps] = x.adam?.eps ?? 0
    table[e + E.labels] = at(x.labels)
    table[e + E.weights] = at(x.weights)
    table[e + E.losses] = at(x.losses)
    table[e + E.threshold] = x.threshold
    table[e + E.work] = at(x.work)
    table[e + E.from] = request.kind === 'run' ? request.from : request.step
    table[e + E.until] = request.kind === 'run' ? request.until : 0
    table[e + E.lr] = request.lr
  }
}

/** Copies each 'run' request's ended step out of the table after the call. */
export function readBatchEnded(table: Float64Array, requests: readonly (DiagonalRequest | null)[], ended: Int32Array): void {
  for (let i = 0; i < requests.length; i++) if (requests[i]?.kind === 'run') ended[i] = table[i * DIAGONAL_BATCH_STRIDE + E.result]
}
