/**
 * The fused path of one common workload: a diagonal student with one input and one output on the population loss
 * (ICLR23 Fig. 1a and its relatives). Its steps are so cheap (O(K d) flops) that calling forward, loss, backward and
 * the optimiser one by one from JavaScript costs more than the arithmetic, so the parameters, their gradient, Adam's
 * moments and the loss curve live in one kernel arena and the steps between two checkpoints run in one call
 * (Arena.diagonalSteps: scripts/wasm/linear.as.ts, its reference in backend/reference.ts), which ends on the
 * checkpoint's forward pass so the trainer can record it.
 */
import type { Arena, DiagonalStepArgs } from './backend'
import type { LinearDims } from './linearRnn'
import { allocStepArgs } from './stepArgs'
import type { FusedStepper, FusedStepperInput } from './fusedSteps'

/** The diagonal stepper: a fused stepper whose kernel arguments a batch call can also serve. */
export interface DiagonalStepper extends FusedStepper {
  /** The kernel's arguments (the arena arrays and settings), for a batch kernel serving many steppers at once. */
  args: DiagonalStepArgs
}

export type DiagonalStepperInput = FusedStepperInput

/** Whether the fused stepper applies to these dims (diagonal, one input, one output). */
function applies(dims: LinearDims): boolean {
  return dims.parameterization === 'diagonal' && dims.inputs === 1 && dims.outputs === 1
}

/** The kernel's scratch is bounded by this (checked against the kernel's own count when the stepper is made). */
const scratchBound = (d: number, K: number): number => 7 * (d + 8) + 4 * K

/** Doubles of arena one stepper takes (alignment included); 0 where it does not apply. */
export function diagonalStepperCapacity(input: DiagonalStepperInput): number {
  if (!applies(input.dims)) return 0
  const d = input.dims.width
  const size = input.dims.balanced ? 2 * d : 3 * d
  return 4 * size + 2 * input.K + input.maxSteps + 1 + scratchBound(d, input.K) + 64
}

/**
 * The fused stepper, or null where it does not apply (not diagonal SISO). Its buffers come from `arena` when given (a
 * batch's students side by side, from input.backend), else from an arena of its own.
 */
export function makeDiagonalStepper(input: DiagonalStepperInput, shared?: Arena): DiagonalStepper | null {
  const { dims, K } = input
  if (!applies(dims)) return null
  const d = dims.width
  const size = dims.balanced ? 2 * d : 3 * d
  // the arena is sized once (growing it would detach the views); the kernel's own count is checked against this bound
  const arena = shared ?? input.backend.arena(diagonalStepperCapacity(input))
  const scratch = arena.diagonalScratchLength(d, K)
  if (scratch > scratchBound(d, K)) throw new Error(`diagonal steps: the kernel needs ${scratch} doubles of scratch, ${scratchBound(d, K)} were reserved`)
  const args: DiagonalStepArgs = allocStepArgs(arena, input, size, scratch)
  return {
    args,
    params: args.params,
    grad: args.grad,
    losses: args.losses,
    h: args.work.subarray(0, K),
    run: (from, until, lr) => arena.diagonalSteps(args, from, until, lr),
    update: (step, lr) => arena.diagonalUpdate(args, step, lr),
  }
}
