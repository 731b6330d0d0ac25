/**
 * The ICLR23 Fig. 2 GRU teacher (Appendix B.2.3): a GRU with `units` hidden units started at init scale 1e-6 and
 * trained for `trainSteps` Adam steps to mimic a chosen impulse response, which gives a non-trivial teacher where a
 * random GRU either decays at once or explodes. Deterministic for a (spec, seed); stored with the run as a snapshot.
 */
import type { ModelSnapshot } from '../api/results'
import type { Backend } from '../engine/backend'
import { initGated, type GatedDims } from '../engine/gated'
import { GatedModel } from '../engine/gatedModel'
import { Adam } from '../engine/optim'
import type { Rng } from '../engine/prng'
import { allocSequences, convolve } from '../engine/sequenceData'
import { InitSpec } from '../spec/student'
import type { TeacherSpec } from '../spec/teacher'
import type { Teacher } from './teacher'

type GruTeacherSpec = Extract<TeacherSpec, { kind: 'gru' }>

/**
 * The paper's target is "arbitrarily chosen" and unpublished. Ours: a damped oscillation h_j = 0.96^j cos(πj/8) over
 * 40 steps, slow enough that the tail beyond k_g = 10..80 still carries signal (0.96^40 ≈ 0.2).
 */
function defaultTargetImpulse(): number[] {
  return Array.from({ length: 40 }, (_, j) => 0.96 ** j * Math.cos((Math.PI * j) / 8))
}

/**
 * How the teacher is fitted (unstated in the paper): Adam lr 1e-2 on fresh Gaussian sequences as long as the target,
 * labelled at every step by the linear filter with the target response (the GRU learns to behave like that filter),
 * batch 50, every weight and bias drawn from N(0, initScale²).
 */
const GRU_TEACHER_TRAINING = { lr: 1e-2, batch: 50 } as const

/** Trained teachers by spec, seed and kernels: a sweep's runs in one process share one fit. */
const fitted = new Map<string, { params: Float64Array; finalLoss: number }>()

export class GruTeacher implements Teacher {
  readonly inputs = 1
  readonly outputs = 1
  readonly targetImpulse: number[]
  /** Mean squared error of the teacher against the target filter on its last training batch. */
  readonly fitLoss: number
  private readonly model: GatedModel

  constructor(spec: GruTeacherSpec, rng: Rng, seedKey: number, backend: Backend) {
    this.targetImpulse = spec.targetImpulse ?? defaultTargetImpulse()
    if (this.targetImpulse.length < 1) throw new Error('teacher.targetImpulse: expected at least one value')
    const dims: GatedDims = { kind: 'gru', inputs: 1, hidden: spec.units, outputs: 1 }
    const length = this.targetImpulse.length
    this.model = new GatedModel(dims, { maxBatch: GRU_TEACHER_TRAINING.batch, maxRows: Math.max(4096, GRU_TEACHER_TRAINING.batch * length), backend })
    const key = JSON.stringify({ ...spec, targetImpulse: this.targetImpulse, seedKey, kernels: backend.name })
    const cached = fitted.get(key)
    if (cached) {
      this.model.params.buffer.set(cached.params)
      this.fitLoss = cached.finalLoss
      return
    }
    initGated(this.model.params, dims, InitSpec.parse({ kind: 'gaussian', scale: spec.initScale }), rng)
    const target = Float64Array.from(this.targetImpulse)
    const batch = allocSequences(GRU_TEACHER_TRAINING.batch, length, 1, 1, 'every')
    const adam = new Adam(this.model.params.buffer.length, {
      kind: 'adam', lr: GRU_TEACHER_TRAINING.lr, beta1: 0.9, beta2: 0.999, eps: 1e-8, milestones: [], gamma: 0.1,
    })
    let loss = NaN
    for (let step = 0; step < spec.trainSteps; step++) {
      rng.fillNormal(batch.x)
      convolve(batch.y, batch.x, target, batch.count, length, 1, 1)
      this.model.zeroGrad()
      loss = this.model.lossAndGradient(batch, 'mean')
      adam.step(this.model.params.buffer, this.model.grads.buffer, step)
    }
    this.fitLoss = loss
    fitted.set(key, { params: Float64Array.from(this.model.params.buffer), finalLoss: loss })
  }

  /** A GRU has no impulse response that determines it (ICLR23 footnote 3): metrics probe respond() instead. */
  impulse(): null {
    return null
  }

  respond(y: Float64Array, x: Readonly<Float64Array>, batch: number, length: number): void {
    this.model.predict(y, x, batch, length)
  }

  snapshot(): ModelSnapshot {
    const snap = this.model.snapshot('gru-teacher')
    snap.tensors.target_impulse = { shape: [this.targetImpulse.length], data: [...this.targetImpulse] }
    snap.tensors.fit_loss = { shape: [1], data: [this.fitLoss] }
    return snap
  }
}
