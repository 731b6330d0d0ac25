/**
 * The fused steps of a general (d × d A) student with one input and one output on the population loss (ICLR23 Fig. 3a
 * and Fig. 4): as diagonalSteps.ts does for diagonal students, every step between two checkpoints runs in one kernel
 * call (Arena.generalSteps: scripts/wasm/linearGeneral.as.ts, its reference in backend/generalReference.ts) on
 * buffers of one arena. A step costs about 3(K − 1) d² multiply-adds; called op by op from JavaScript, the calls and
 * Adam's loop cost more than that at small K. Not batched: runs of these students train alone.
 */
import type { GeneralStepArgs } from './backend'
import type { FusedStepper, FusedStepperInput } from './fusedSteps'
import type { LinearDims } from './linearRnn'
import { allocStepArgs } from './stepArgs'

/** Whether the general stepper applies to these dims (general A, one input, one output). */
function applies(dims: LinearDims): boolean {
  return dims.parameterization === 'general' && dims.inputs === 1 && dims.outputs === 1
}

/** The kernel's scratch is bounded by this (checked against the kernel's own count when the stepper is made). */
const scratchBound = (d: number, K: number): number => (d + 1) * (d + 1) + 2 * (d + 1) * (K + 1) + 2 * K + 2

/** The fused general stepper, or null where it does not apply; its buffers live in an arena of its own. */
export function makeGeneralStepper(input: FusedStepperInput): FusedStepper | null {
  const { dims, K } = input
  if (!applies(dims)) return null
  const d = dims.width
  const size = d * d + (dims.balanced ? d : 2 * d)
  // sized once (growing the arena would detach the views), with 16 doubles of alignment slack per array
  const capacity = 4 * size + 2 * K + input.maxSteps + 1 + scratchBound(d, K) + 16 * 8
  const arena = input.backend.arena(capacity)
  const scratch = arena.generalScratchLength(d, K)
  if (scratch > scratchBound(d, K)) throw new Error(`general steps: the kernel needs ${scratch} doubles of scratch, ${scratchBound(d, K)} were reserved`)
  const args: GeneralStepArgs = allocStepArgs(arena, input, size, scratch)
  return {
    params: args.params,
    grad: args.grad,
    losses: args.losses,
    h: args.work.subarray(0, K),
    run: (from, until, lr) => arena.generalSteps(args, from, until, lr),
    update: (step, lr) => arena.generalUpdate(args, step, lr),
  }
}
