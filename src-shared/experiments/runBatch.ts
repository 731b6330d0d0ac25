/**
 * Batched runs: the runs of one worker pass trained together. Each run is its trainer's generator of kernel requests
 * (trainLinear.ts, LinearTrainingRequest); the diagonal SISO students all live in one arena, and each round serves every
 * live run's request (its steps to the next checkpoint, or the checkpoint's update) in one kernel call
 * (Arena.diagonalBatch, on the backend of the runs' context). A run keeps its own checkpoints, early stopping and
 * results, identical to a lone run's: it leaves the batch when it stops, fails alone when it throws, and can be dropped
 * (cancelled) between rounds. Runs of other kinds train whole, one after the other, on their first round. Not the
 * scheduler: it decides what is batched.
 */
import type { RunResult } from '../api/results'
import { type Arena, DIAGONAL_BATCH_STRIDE, type DiagonalRequest } from '../engine/backend'
import { type DiagonalStepper, diagonalStepperCapacity, type DiagonalStepperInput, makeDiagonalStepper } from '../engine/diagonalSteps'
import type { ExperimentSpec } from '../spec/experiment'
import { makeTeacher } from '../teachers'
import { runExperiment } from './index'
import type { RunContext } from './procedure'
import { type LinearTraining, linearTraining } from './trainLinear'

export interface BatchRun {
  spec: ExperimentSpec
  ctx: RunContext
}

export type BatchOutcome = { result: RunResult; error?: undefined } | { result?: undefined; error: unknown }

/**
 * A run's training as requests: the linear trainer's generator for diagonal students, or a procedure run whole on the
 * first round (general students too: their fused steps have no batch call, and whole they run a lone run's code).
 */
function training(spec: ExperimentSpec, ctx: RunContext): LinearTraining {
  if (spec.experiment === 'train' && spec.student.kind === 'linear' && spec.student.parameterization === 'diagonal') {
    return linearTraining(spec, ctx, makeTeacher(spec.teacher, spec.seed, ctx.backend, spec.data.length))
  }
  return (function* whole(): LinearTraining {
    return runExperiment(spec, ctx)
  })()
}

/** The run's training, started on its first round: a spec whose teacher cannot be built fails then, alone. */
function* lazily(run: BatchRun): LinearTraining {
  return yield* training(run.spec, run.ctx)
}

/** Students allocated together: one arena, its batch table, a request slot each. */
interface Group {
  arena: Arena
  table: Float64Array
  members: Member[]
}

interface Member {
  index: number
  training: LinearTraining | null
  /** The request the run waits on, or null when it must be advanced. */
  pending: DiagonalRequest | { kind: 'stepper'; input: DiagonalStepperInput } | null
  reply: DiagonalStepper | null | number | undefined
  stepper: DiagonalStepper | null
  group: Group | null
  /** Time spent on this run: its own code plus its share of the kernel calls it took part in. */
  elapsedMs: number
}

export class RunBatch {
  private readonly members: Member[]
  private readonly groups: Group[] = []
  private readonly ended: Int32Array

  /**
   * `onFinished` hears each run once, as it finishes or fails (never for a dropped run); `clock` times the runs (ms).
   */
  constructor(runs: readonly BatchRun[], private readonly onFinished: (index: number, outcome: BatchOutcome, elapsedMs: number) => void,
    private readonly clock: () => number = () => Date.now()) {
    this.members = runs.map((run, index) => ({ index, training: lazily(run), pending: null, reply: undefined, stepper: null, group: null, elapsedMs: 0 }))
    this.ended = new Int32Array(runs.length)
  }

  /** How many runs are still training. */
  get live(): number {
    return this.members.filter((m) => m.training !== null).length
  }

  /** Stop a run between rounds (a cancel): it leaves the batch without a result. False when it had already finished. */
  drop(index: number): boolean {
    const member = this.members[index]
    if (!member?.training) return false
    member.training = null
    member.pending = null
    return true
  }

  /** One round: every run advances to its next request and the kernel serves them together. False once all are done. */
  round(): boolean {
    for (const member of this.members) if (member.training && member.pending === null) this.advance(member)
    const wanting = this.members.filter((m) => m.training && m.pending?.kind === 'stepper')
    if (wanting.length > 0) {
      this.allocate(wanting)
      for (const member of wanting) if (member.training) this.advance(member)
    }
    for (const group of this.groups) this.serve(group)
    return this.live > 0
  }

  private advance(member: Member): void {
    const started = this.clock()
    try {
      const next = member.training!.next(member.reply)
      member.elapsedMs += this.clock() - started
      member.reply = undefined
      if (next.done) return this.finish(member, { result: next.value })
      member.pending = next.value
    } catch (error) {
      member.elapsedMs += this.clock() - started
      this.finish(member, { error })
    }
  }

  private finish(member: Member, outcome: BatchOutcome): void {
    member.training = null
    member.pending = null
    this.onFinished(member.index, outcome, member.elapsedMs)
  }

  /** One arena for every student that asked (on their context's backend): side by side, served by one batch call. */
  private allocate(wanting: Member[]): void {
    const inputs = wanting.map((m) => (m.pending as { input: DiagonalStepperInput }).input)
    const backend = inputs[0].backend
    if (inputs.some((input) => input.backend !== backend)) throw new Error('run batch: every run of a batch must train on one backend')
    const capacity = inputs.reduce((sum, input) => sum + diagonalStepperCapacity(input), 0)
    const arena = backend.arena(capacity + wanting.length * DIAGONAL_BATCH_STRIDE + 64)
    const group: Group = { arena, table: arena.alloc(wanting.length * DIAGONAL_BATCH_STRIDE), members: [] }
    wanting.forEach((member, i) => {
      const started = this.clock()
      try {
        member.stepper = makeDiagonalStepper(inputs[i], arena)
      } catch (error) {
        this.finish(member, { error })
        return
      }
      member.elapsedMs += this.clock() - started
      member.reply = member.stepper
      member.pending = null
      if (member.stepper) {
        member.group = group
        group.members.push(member)
      }
    })
    if (group.members.length > 0) this.groups.push(group)
  }

  /** Every waiting request of the group in one kernel call; its time is shared among the runs it served. */
  private serve(group: Group): void {
    const requests = group.members.map((m) => (m.training && m.pending && m.pending.kind !== 'stepper' ? m.pending : null))
    const served = requests.filter((r) => r !== null).length
    if (served === 0) return
    const started = this.clock()
    group.arena.diagonalBatch(group.table, group.members.map((m) => m.stepper!.args), requests, this.ended)
    const share = (this.clock() - started) / served
    group.members.forEach((member, i) => {
      const request = requests[i]
      if (!request) return
      member.elapsedMs += share
      member.reply = request.kind === 'run' ? this.ended[i] : undefined
      member.pending = null
    })
  }
}
