/**
 * The arena arrays and settings both fused steppers hand their kernel (diagonalSteps.ts, generalSteps.ts): parameters
 * and gradient of `size` doubles, Adam's moments, labels and weights of the loss, the loss curve and the scratch.
 */
import type { Arena, DiagonalStepArgs } from './backend'
import type { FusedStepperInput } from './fusedSteps'
import { widthScale } from './linearRnn'

export function allocStepArgs(arena: Arena, input: FusedStepperInput, size: number, scratch: number): DiagonalStepArgs {
  const { dims, K, optimizer } = input
  const args: DiagonalStepArgs = {
    d: dims.width,
    K,
    balanced: dims.balanced,
    scale: widthScale(dims),
    params: arena.alloc(size),
    grad: arena.alloc(size),
    adam: optimizer.kind === 'adam' ? { m: arena.alloc(size), v: arena.alloc(size), beta1: optimizer.beta1, beta2: optimizer.beta2, eps: optimizer.eps } : null,
    labels: arena.alloc(K),
    weights: arena.alloc(K),
    losses: arena.alloc(input.maxSteps + 1),
    threshold: input.lossThreshold ?? -Infinity,
    work: arena.alloc(scratch),
  }
  args.labels.set(input.labels.subarray(0, K))
  args.weights.set(input.weights.subarray(0, K))
  return args
}
