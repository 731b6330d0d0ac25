/**
 * Many diagonal SISO students served by one kernel call: a sweep's runs that share their shapes train side by side in
 * one arena, and each round every student's request (run its steps to the next checkpoint, or apply the checkpoint's
 * update) goes to scripts/wasm/linear.as.ts in one call (diagonalSisoBatch). Each student runs exactly the code of a
 * lone run, so its numbers do not depend on the batch. Not the trainer: experiments/linearBatch.ts drives it.
 */
import type { DiagonalStepArgs, DiagonalStepKernel } from './gemm'

/** What one student asks of a round: its steps from `from` to `until` (see DiagonalStepper.run), or an update. */
export type DiagonalRequest =
  | { kind: 'run'; from: number; until: number; lr: number }
  | { kind: 'update'; step: number; lr: number }

export interface DiagonalBatchKernel {
  /**
   * Serves every student's request (null: none this round); for a 'run', ended[i] gets the step it ended at
   * (DiagonalStepper.run's return).
   */
  serve(students: readonly DiagonalStepArgs[], requests: readonly (DiagonalRequest | null)[], ended: Int32Array): void
}

/** The reference: one call of the single-student kernel per request (any backend with diagonal steps). */
export function diagonalBatchReference(kernel: DiagonalStepKernel): DiagonalBatchKernel {
  return {
    serve(students, requests, ended) {
      for (let i = 0; i < students.length; i++) {
        const request = requests[i]
        if (request?.kind === 'run') ended[i] = kernel.run(students[i], request.from, request.until, request.lr)
        else if (request?.kind === 'update') kernel.update(students[i], request.step, request.lr)
      }
    },
  }
}

/** The table's layout (scripts/wasm/linear.as.ts, E_*): one entry of TABLE_STRIDE doubles per student. */
export const TABLE_STRIDE = 24
const E = { d: 0, K: 1, balanced: 2, scale: 3, params: 4, grad: 5, m: 6, v: 7, adam: 8, beta1: 9, beta2: 10, eps: 11,
  labels: 12, weights: 13, losses: 14, threshold: 15, work: 16, op: 17, from: 18, until: 19, lr: 20, result: 21 } as const

export interface DiagonalBatchExports {
  diagonalSisoBatch(count: number, table: number): void
  DIAGONAL_BATCH_STRIDE: { value: number }
}

/**
 * The WebAssembly batch kernel over a table of `count` entries (`table`, TABLE_STRIDE × count doubles from the
 * students' arena; `at` gives an arena array's byte address). Every student must come from that arena.
 */
export function wasmDiagonalBatch(exports: DiagonalBatchExports, table: Float64Array, count: number,
  at: (x: Readonly<Float64Array>) => number): DiagonalBatchKernel {
  if (exports.DIAGONAL_BATCH_STRIDE.value !== TABLE_STRIDE) {
    throw new Error(`diagonal batch: the kernel's table stride is ${exports.DIAGONAL_BATCH_STRIDE.value}, this side expects ${TABLE_STRIDE}`)
  }
  if (table.length < count * TABLE_STRIDE) throw new Error(`diagonal batch: a table of ${table.length} doubles holds fewer than ${count} entries`)
  const address = at(table)
  return {
    serve(students, requests, ended) {
      if (students.length > count) throw new Error(`diagonal batch: ${students.length} students, the table holds ${count}`)
      for (let i = 0; i < students.length; i++) {
        const x = students[i]
        const request = requests[i]
        const e = i * TABLE_STRIDE
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
      exports.diagonalSisoBatch(students.length, address)
      for (let i = 0; i < students.length; i++) if (requests[i]?.kind === 'run') ended[i] = table[i * TABLE_STRIDE + E.result]
    },
  }
}
