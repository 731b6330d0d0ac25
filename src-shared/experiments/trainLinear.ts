/**
 * The linear trainer: a linear RNN student (general, symmetric or diagonal A; balanced tie; width scaling) fitted
 * to a teacher through its impulse response. Per step: ĥ = forward, G = dL/dĥ (linearObjective), backward, update.
 * The model's buffers are allocated once; inside the loop only the checkpoints (test loss, norms, modes) record.
 */
import { subsampleCurve, type RunResult, type Series } from '../api/results'
import { initLinearStudent } from '../engine/init'
import {
  effectiveSystem,
  impulseResponseBackward,
  impulseResponseForward,
  type LinearDims,
  linearParams,
  linearToDense,
  makeImpulseCache,
} from '../engine/linearRnn'
import { type FusedStepper, type FusedStepperInput, makeFusedStepper } from '../engine/fusedSteps'
import type { DiagonalRequest } from '../engine/backend'
import { learningRateAt, makeOptimizer } from '../engine/optim'
import { Rng } from '../engine/prng'
import { balance } from '../metrics/balance'
import { modeCheckpointEvery, ModeTracker } from '../metrics/modes'
import type { ExperimentSpec } from '../spec/experiment'
import { linearSnapshot } from '../teachers/linearTeacher'
import type { Teacher } from '../teachers/teacher'
import { EarlyStopper, PLATEAU_FRACTION, trainFitted } from './earlyStopping'
import { type LinearObjective, makeLinearObjective } from './linearObjective'
import { linearReport } from './linearReport'
import type { RunContext } from './procedure'

/** Checkpoints for the balance and norm curves (ICLR23 Prop. 9, AISTATS22 Fig. 4). */
const NORM_CHECKPOINTS = 200
const PROGRESS_EVERY = 50

function linearDims(spec: ExperimentSpec, teacher: Pick<Teacher, 'inputs' | 'outputs'>): LinearDims {
  return {
    width: spec.student.width,
    inputs: teacher.inputs,
    outputs: teacher.outputs,
    parameterization: spec.student.parameterization,
    balanced: spec.student.balanced,
    widthScaling: spec.student.widthScaling,
  }
}

export interface LinearTrainingOptions {
  /**
   * Run the steps between checkpoints in one fused WebAssembly call where the model and loss allow it (diagonal or
   * general SISO students on the population loss: engine/fusedSteps.ts). Default true; false runs every step through
   * the impulse-response kernels one by one (the tests compare the two).
   */
  fusedSteps?: boolean
}

/**
 * What a linear training asks its driver for: the fused stepper (once, before the first step; null to train through
 * the general kernels), then that stepper's runs and updates. A lone run serves them itself (trainLinear); a batch
 * serves many runs' requests in one kernel call per round (./runBatch.ts).
 */
export type LinearTrainingRequest = { kind: 'stepper'; input: FusedStepperInput } | DiagonalRequest
/** A linear training as a generator of its requests; a 'run' gets back the step it ended at, a 'stepper' the stepper. */
export type LinearTraining = Generator<LinearTrainingRequest, RunResult, FusedStepper | null | number | undefined>

export function trainLinear(spec: ExperimentSpec, ctx: RunContext, teacher: Teacher, options: LinearTrainingOptions = {}): RunResult {
  const training = linearTraining(spec, ctx, teacher, options)
  let stepper: FusedStepper | null = null
  let reply: FusedStepper | null | number | undefined
  for (;;) {
    const next = training.next(reply)
    if (next.done) return next.value
    const request = next.value
    if (request.kind === 'stepper') reply = stepper = makeFusedStepper(request.input)
    else if (request.kind === 'run') reply = stepper!.run(request.from, request.until, request.lr)
    else {
      stepper!.update(request.step, request.lr)
      reply = undefined
    }
  }
}

/** trainLinear's loop, step by step for a driver (a batch): see LinearTrainingRequest. */
export function linearTraining(spec: ExperimentSpec, ctx: RunContext, teacher: Teacher, options: LinearTrainingOptions = {}): LinearTraining {
  return trainLinearOn(spec, ctx, teacher, makeLinearObjective(spec, teacher), options)
}

/**
 * The loop on any objective (other procedures pass their own data, e.g. a real data set through stage 1).
 * Stops at maxSteps updates, when the training loss falls below lossThreshold, or when the validation loss has not
 * improved for `patience` checks once it has left its plateau (early stopping, ./earlyStopping.ts; the best parameters
 * seen are restored, as a checkpointing script would).
 */
function* trainLinearOn(spec: ExperimentSpec, ctx: RunContext, teacher: Teacher, objective: LinearObjective,
  options: LinearTrainingOptions = {}): LinearTraining {
  if (spec.student.precision !== 'float64') {
    throw new Error(`student.precision: ${spec.student.precision} is for gru/lstm students; linear students train in float64`)
  }
  const dims = linearDims(spec, teacher)
  const { width: d, inputs: nx, outputs: ny } = dims
  const slab = nx * ny
  const K = objective.K
  const { maxSteps, lossThreshold, earlyStopping } = spec.stopping
  const population = options.fusedSteps === false ? undefined : objective.population
  const stepper = population
    ? (yield {
      kind: 'stepper',
      input: { dims, K, ...population, optimizer: spec.optimizer, maxSteps, lossThreshold, backend: ctx.backend },
    }) as FusedStepper | null
    : null
  const params = linearParams(dims, stepper?.params)
  const grad = linearParams(dims, stepper?.grad)
  initLinearStudent(params, dims, spec.student.init, new Rng(spec.seed, 'init'))
  const cache = makeImpulseCache(dims, K, ctx.backend)
  const h = new Float64Array(K * slab)
  const G = new Float64Array(K * slab)
  const Gspare = new Float64Array(K * slab)
  const optimizer = stepper ? null : makeOptimizer(spec.optimizer, params.buffer.length, ctx.backend.adamUpdate)
  const diagonal = dims.parameterization === 'diagonal'

  const losses = stepper?.losses ?? new Float64Array(maxSteps + 1)
  // Every e-th step plus the last: at most ⌊maxSteps/e⌋ + 2 points, so e = ⌈maxSteps/(N − 2)⌉ keeps ≤ N.
  const testEvery = Math.max(1, Math.ceil(maxSteps / (spec.metrics.curvePoints - 2)))
  const testSteps: number[] = []
  const testLosses: number[] = []
  const normEvery = Math.max(1, Math.ceil(maxSteps / (NORM_CHECKPOINTS - 2)))
  const norms = { step: [] as number[], ratio: [] as number[], a: [] as number[], b: [] as number[], c: [] as number[], aAsym: [] as number[], bMinusCt: [] as number[] }
  // Connectivity modes (PROCA) at ≤ 20 checkpoints, fewer for wide students (modeCheckpointEvery says why).
  const modes = new ModeTracker({ width: d, inputs: nx, outputs: ny })
  const modeEvery = modeCheckpointEvery(maxSteps, d)
  const validation = earlyStopping ? objective.validation : null
  const stopper = validation ? new EarlyStopper(earlyStopping!, params.buffer.length) : null
  const warnings: string[] = []
  let failure: string | undefined
  let gradMaxAtInit = 0

  // The fused stepper runs the steps between the ones where the loop records or checks something (and reports them).
  const milestones = new Set(spec.optimizer.milestones)
  const due = (s: number): boolean =>
    s === 0 || s >= maxSteps || s % normEvery === 0 || s % modeEvery === 0 ||
    (objective.test !== null && s % testEvery === 0) || (stopper !== null && stopper.due(s)) || milestones.has(s)

  let step = 0
  for (; ; step++) {
    let loss: number
    let hNow: Float64Array = h
    if (stepper) {
      let until = step
      while (!due(until)) until++
      // no milestone inside [step, until): the learning rate is constant over the call
      step = (yield { kind: 'run', from: step, until, lr: learningRateAt(spec.optimizer, step) }) as number
      loss = losses[step]
      hNow = stepper.h
      effectiveSystem(cache, params, dims)
    } else {
      impulseResponseForward(h, cache, params, dims, K)
      loss = objective.train(G, h)
      losses[step] = loss
    }
    if (objective.test && (step % testEvery === 0 || step === maxSteps)) {
      testSteps.push(step)
      testLosses.push(objective.test(Gspare, hNow))
    }
    if (step % normEvery === 0 || step === maxSteps) {
      const bal = balance(cache.system.A, params.B, cache.system.C, d, nx, ny, diagonal)
      norms.step.push(step)
      if (bal.balance_ratio !== null) norms.ratio.push(bal.balance_ratio)
      norms.a.push(bal.a_norm)
      norms.b.push(bal.b_norm)
      norms.c.push(bal.c_norm)
      norms.aAsym.push(bal.a_asym)
      norms.bMinusCt.push(bal.b_minus_ct)
    }
    if (step % modeEvery === 0 || step === maxSteps) modes.record(step, cache.system.A, params.B, cache.system.C)
    if (!Number.isFinite(loss)) {
      failure = `loss diverged (${loss}) at step ${step}; try a smaller optimizer.lr`
      break
    }
    if (validation && stopper?.due(step) && stopper.check(step, validation(Gspare, hNow), params.buffer)) break
    if (lossThreshold !== null && loss < lossThreshold) break
    if (step >= maxSteps) break
    if (stepper) {
      yield { kind: 'update', step, lr: learningRateAt(spec.optimizer, step) }
    } else {
      grad.buffer.fill(0)
      impulseResponseBackward(grad, G, params, dims, cache)
      optimizer!.step(params.buffer, grad.buffer, step)
    }
    if (step === 0) for (let i = 0; i < grad.buffer.length; i++) gradMaxAtInit = Math.max(gradMaxAtInit, Math.abs(grad.buffer[i]))
    if (stepper || step % PROGRESS_EVERY === 0) ctx.onProgress({ step, totalSteps: maxSteps, loss })
  }
  stopper?.restore(params.buffer)

  impulseResponseForward(h, cache, params, dims, K)
  const finalLoss = objective.full(Gspare, h)
  if (!stopper && modes.lastStep !== step) modes.record(step, cache.system.A, params.B, cache.system.C)
  ctx.onProgress({ step, totalSteps: maxSteps, loss: finalLoss })
  const initialLoss = losses[0]
  const learned = Number.isFinite(finalLoss) && finalLoss < 0.9 * initialLoss
  if (!learned && Number.isFinite(finalLoss)) {
    let why = `final ${finalLoss.toPrecision(4)} vs initial ${initialLoss.toPrecision(4)}`
    if (spec.optimizer.kind === 'adam' && gradMaxAtInit < 10 * spec.optimizer.eps) {
      why += `; the largest gradient at init (${gradMaxAtInit.toExponential(2)}) is below 10 × Adam's eps (${spec.optimizer.eps}): use a larger init scale or a smaller eps`
    }
    warnings.push(`loss did not decrease: ${why}`)
  }

  const student = linearToDense(params, dims)
  const report = linearReport(student, teacher, spec, diagonal)
  const metrics = report.metrics
  metrics.final_loss = finalLoss
  metrics.initial_loss = initialLoss
  metrics.learned = learned ? 1 : 0
  metrics.train_fitted = trainFitted(finalLoss, initialLoss)
  if (objective.test) metrics.test_loss = objective.test(Gspare, h)
  if (stopper) metrics.best_step = stopper.bestStep
  if (earlyStopping && stopper?.armedAt === null) {
    warnings.push(`early stopping never armed: the validation loss did not leave its plateau (below ${PLATEAU_FRACTION} × its initial value) in ${step} steps`)
  }

  const series: Record<string, Series> = {
    ...report.series,
    loss_curve: subsampleCurve(stepsUpTo(step), losses.subarray(0, step + 1), spec.metrics.curvePoints),
  }
  if (testSteps.length) series.test_loss_curve = { x: testSteps, y: testLosses }
  if (norms.ratio.length) series.balance_curve = { x: norms.step, y: norms.ratio }
  series.a_norm_curve = { x: norms.step, y: norms.a }
  series.b_norm_curve = { x: norms.step, y: norms.b }
  series.c_norm_curve = { x: norms.step, y: norms.c }
  series.a_asym_curve = { x: norms.step, y: norms.aAsym }
  series.b_minus_ct_curve = { x: norms.step, y: norms.bMinusCt }
  Object.assign(series, modes.series())

  return {
    metrics,
    series,
    models: { student: linearSnapshot('linear', student), teacher: teacher.snapshot() },
    warnings,
    steps: step,
    ...(failure ? { failure } : {}),
  }
}

function stepsUpTo(last: number): Float64Array {
  const s = new Float64Array(last + 1)
  for (let i = 0; i <= last; i++) s[i] = i
  return s
}
