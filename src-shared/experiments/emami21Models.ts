/**
 * The three EMAMI21 models behind one interface, each seen through its impulse response L_j (K, n_y, n_x):
 * the width-scaled linear RNN (A1's engine: L_j = n^{-(j+1)/2} C W^j F), the scaled Conv1D (L_j = √ρ_j θ_j) and the
 * Conv1D (L_j itself). A training step is: impulse → conv1d loss on the batch → dL → backward → optimiser.
 */
import type { Backend } from '../engine/backend'
import type { ModelSnapshot } from '../api/results'
import type { ExperimentSpec } from '../spec/experiment'
import { emami21Rho, scaledImpulseBackward, scaledImpulseForward, scaledThetaFromImpulse } from '../engine/conv1d'
import { initLinearStudent } from '../engine/init'
import {
  arenaParams,
  impulseResponseBackward,
  impulseResponseDescend,
  impulseResponseForward,
  type ImpulseCache,
  type LinearDims,
  type LinearParams,
  linearParams,
  makeImpulseCache,
} from '../engine/linearRnn'
import { learningRateAt, makeOptimizer } from '../engine/optim'
import { Rng } from '../engine/prng'
import type { OptimizerSpec } from '../spec/training'

import type { TwinModelName } from '../spec/options'

export type { TwinModelName }

export interface TwinModel {
  readonly name: TwinModelName
  readonly params: Float64Array
  readonly grad: Float64Array
  /** Write L (K, n_y, n_x) at the current parameters (and cache what backward needs). */
  impulse(L: Float64Array): void
  /** grad += ∂loss/∂params from dL = ∂loss/∂L at the parameters of the last impulse() call. */
  backward(dL: Readonly<Float64Array>): void
  /** params −= lr · ∂loss/∂params from dL in one pass, where the model can fuse the step into its backward product. */
  descend?(dL: Readonly<Float64Array>, lr: number): void
  snapshot(): ModelSnapshot
}

/**
 * A model's optimiser step from dL: under plain GD/SGD, fused into the model's backward product where it offers one
 * (the RNN: its n × n W is updated inside the product instead of forming, zeroing and adding a gradient of that size).
 */
export function makeTwinStep(model: TwinModel, spec: OptimizerSpec): (dL: Readonly<Float64Array>, step: number) => void {
  const descend = model.descend?.bind(model)
  if (descend && spec.kind !== 'adam') return (dL, step) => descend(dL, learningRateAt(spec, step))
  const optimizer = makeOptimizer(spec, model.params.length)
  return (dL, step) => {
    model.grad.fill(0)
    model.backward(dL)
    optimizer.step(model.params, model.grad, step)
  }
}

interface TwinShape {
  taps: number
  inputs: number
  outputs: number
}

function tensor(shape: number[], data: Readonly<Float64Array>) {
  return { shape, data: Array.from(data) }
}

/** The width-scaled RNN of EMAMI21 eq. 1 on A1's linear engine (A = W, B = F, student.widthScaling = true). */
class TwinRnn implements TwinModel {
  readonly name = 'rnn'
  readonly params: Float64Array
  readonly grad: Float64Array
  readonly dims: LinearDims
  private readonly p: LinearParams
  private readonly dp: LinearParams
  private readonly cache: ImpulseCache

  constructor(spec: ExperimentSpec, private readonly shape: TwinShape, backend: Backend) {
    if (spec.student.kind !== 'linear') throw new Error(`student.kind: the EMAMI21 twin needs the linear RNN, got "${spec.student.kind}"`)
    this.dims = {
      width: spec.student.width,
      inputs: shape.inputs,
      outputs: shape.outputs,
      parameterization: spec.student.parameterization,
      balanced: spec.student.balanced,
      widthScaling: spec.student.widthScaling,
    }
    // the parameters live in the carry's arena: W is read in place and can be stepped inside the backward product
    this.cache = makeImpulseCache(this.dims, shape.taps, backend, true)
    this.p = arenaParams(this.cache, this.dims)
    this.dp = linearParams(this.dims)
    this.params = this.p.buffer
    this.grad = this.dp.buffer
    initLinearStudent(this.p, this.dims, spec.student.init, new Rng(spec.seed, 'init'))
    if (this.fusable()) this.descend = (dL, lr) => impulseResponseDescend(this.p, dL, this.dims, this.cache, lr, this.dp)
  }

  descend?: (dL: Readonly<Float64Array>, lr: number) => void

  /** The fused step needs a general W on the left carry (n_x ≥ n_y, as in every EMAMI21 setting). */
  private fusable(): boolean {
    return this.dims.parameterization === 'general' && !this.cache.carryRight
  }

  impulse(L: Float64Array): void {
    impulseResponseForward(L, this.cache, this.p, this.dims, this.shape.taps)
  }

  backward(dL: Readonly<Float64Array>): void {
    impulseResponseBackward(this.dp, dL, this.p, this.dims, this.cache)
  }

  snapshot(): ModelSnapshot {
    const { width: n, inputs: nx, outputs: ny } = this.dims
    return {
      kind: this.dims.widthScaling ? 'emami21-rnn (W/√n, C/√n applied)' : 'linear-rnn',
      tensors: { W: tensor([n, n], this.p.A), F: tensor([n, nx], this.p.B), C: tensor([ny, n], this.p.C) },
    }
  }
}

/** Scaled Conv1D (eq. 7–8) started at the function L0: θ_j = L0_j / √ρ_j (App. B.4, eq. 58). */
class TwinScaledConv implements TwinModel {
  readonly name = 'scaled_conv1d'
  readonly params: Float64Array // θ (K, n_y, n_x)
  readonly grad: Float64Array
  private readonly slab: number

  constructor(readonly rho: Float64Array, L0: Readonly<Float64Array>, private readonly shape: TwinShape) {
    this.slab = shape.inputs * shape.outputs
    this.params = new Float64Array(L0.length)
    this.grad = new Float64Array(L0.length)
    scaledThetaFromImpulse(this.params, L0, rho, this.slab)
  }

  impulse(L: Float64Array): void {
    scaledImpulseForward(L, this.params, this.rho, this.slab)
  }

  backward(dL: Readonly<Float64Array>): void {
    scaledImpulseBackward(this.grad, dL, this.rho, this.slab)
  }

  snapshot(): ModelSnapshot {
    const { taps, outputs, inputs } = this.shape
    return { kind: 'scaled-conv1d', tensors: { theta: tensor([taps, outputs, inputs], this.params), rho: tensor([taps], this.rho) } }
  }
}

/** Conv1D: the L_j are the parameters (EMAMI21 §5.1, "we exactly learn the impulse response coefficients"). */
class TwinConv implements TwinModel {
  readonly name = 'conv1d'
  readonly params: Float64Array // L (K, n_y, n_x)
  readonly grad: Float64Array

  constructor(L0: Readonly<Float64Array>, private readonly shape: TwinShape) {
    this.params = Float64Array.from(L0)
    this.grad = new Float64Array(L0.length)
  }

  impulse(L: Float64Array): void {
    L.set(this.params)
  }

  backward(dL: Readonly<Float64Array>): void {
    for (let i = 0; i < dL.length; i++) this.grad[i] += dL[i]
  }

  snapshot(): ModelSnapshot {
    const { taps, outputs, inputs } = this.shape
    return { kind: 'conv1d', tensors: { L: tensor([taps, outputs, inputs], this.params) } }
  }
}

/**
 * The models `spec.options.models` asks for (default: the RNN and its scaled twin), all starting at the RNN's
 * initial function; ρ from the student's ν (eq. 21). Returns them with that starting impulse response.
 */
export function makeTwinModels(spec: ExperimentSpec, shape: TwinShape, names: readonly TwinModelName[], backend: Backend): { models: TwinModel[]; L0: Float64Array; rho: Float64Array } {
  const rnn = new TwinRnn(spec, shape, backend)
  const L0 = new Float64Array(shape.taps * shape.inputs * shape.outputs)
  rnn.impulse(L0)
  const { nuW, nuF, nuC } = spec.student.init
  const rho = emami21Rho(shape.taps, nuW, nuF, nuC)
  const models: TwinModel[] = []
  for (const name of names) {
    if (name === 'rnn') models.push(rnn)
    else if (name === 'scaled_conv1d') models.push(new TwinScaledConv(rho, L0, shape))
    else models.push(new TwinConv(L0, shape))
  }
  return { models, L0, rho }
}
