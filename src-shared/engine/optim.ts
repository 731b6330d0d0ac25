/**
 * Optimisers over one flat parameter buffer: GD/SGD (p −= lr g) and Adam exactly as PyTorch's torch.optim.Adam
 * (bias-corrected moments, eps added outside the square root), with a MultiStepLR schedule.
 */
import type { OptimizerSpec } from '../spec/training'

/**
 * MultiStepLR: the learning rate at step s (0-indexed, scheduler stepped once per training step) is
 * lr · γ^{#{milestones m ≤ s}}, PyTorch's bisect_right rule.
 */
export function learningRateAt(spec: Pick<OptimizerSpec, 'lr' | 'milestones' | 'gamma'>, step: number): number {
  let lr = spec.lr
  for (const m of spec.milestones) if (m <= step) lr *= spec.gamma
  return lr
}

interface Optimizer {
  /** Apply one update in place; `step` is the 0-indexed training step (for the schedule and Adam's bias correction). */
  step(params: Float64Array, grad: Readonly<Float64Array>, step: number): void
}

export class GradientDescent implements Optimizer {
  constructor(private readonly spec: Pick<OptimizerSpec, 'lr' | 'milestones' | 'gamma'>) {}

  step(params: Float64Array, grad: Readonly<Float64Array>, step: number): void {
    const lr = learningRateAt(this.spec, step)
    for (let i = 0; i < params.length; i++) params[i] -= lr * grad[i]
  }
}

/**
 * Adam's loop over the parameters from its two scalars, stepSize = lr / (1 − β1^t) and sqrtBc2 = √(1 − β2^t): a
 * backend's kernel (Backend.adamUpdate) must give this loop's bits.
 */
export type AdamLoop = (params: Float64Array, grad: Readonly<Float64Array>, m: Float64Array, v: Float64Array, stepSize: number,
  sqrtBc2: number, beta1: number, beta2: number, eps: number) => void

export class Adam implements Optimizer {
  private readonly m: Float64Array
  private readonly v: Float64Array

  /** `loop`: a backend's kernel for the update (the native one runs several parameters a vector), else adamLoop. */
  constructor(size: number, private readonly spec: OptimizerSpec, private readonly loop: AdamLoop = adamLoop) {
    this.m = new Float64Array(size)
    this.v = new Float64Array(size)
  }

  step(params: Float64Array, grad: Readonly<Float64Array>, step: number): void {
    const { beta1, beta2, eps } = this.spec
    adamUpdate(params, grad, this.m, this.v, step, learningRateAt(this.spec, step), beta1, beta2, eps, this.loop)
  }
}

/**
 * One Adam update at the 0-indexed `step` with learning rate lr, moments m and v updated in place (the fused diagonal
 * steps' reference calls it too).
 */
export function adamUpdate(params: Float64Array, grad: Readonly<Float64Array>, m: Float64Array, v: Float64Array, step: number,
  lr: number, beta1: number, beta2: number, eps: number, loop: AdamLoop = adamLoop): void {
  const t = step + 1
  loop(params, grad, m, v, lr / (1 - beta1 ** t), Math.sqrt(1 - beta2 ** t), beta1, beta2, eps)
}

/** The update of every parameter, in the order of torch.optim.Adam's formulas. */
export function adamLoop(params: Float64Array, grad: Readonly<Float64Array>, m: Float64Array, v: Float64Array, stepSize: number,
  sqrtBc2: number, beta1: number, beta2: number, eps: number): void {
  for (let i = 0; i < params.length; i++) {
    const g = grad[i]
    m[i] = beta1 * m[i] + (1 - beta1) * g
    v[i] = beta2 * v[i] + (1 - beta2) * g * g
    params[i] -= (stepSize * m[i]) / (Math.sqrt(v[i]) / sqrtBc2 + eps)
  }
}

/** GD and SGD share the update; they differ in the data each step sees (full batch vs minibatch). */
export function makeOptimizer(spec: OptimizerSpec, size: number, loop?: AdamLoop): Optimizer {
  return spec.kind === 'adam' ? new Adam(size, spec, loop) : new GradientDescent(spec)
}
