/**
 * The memory a run needs, estimated before launch from its spec: the largest arrays each procedure allocates
 * (parameters and optimiser state, impulse-response carries, sequence sets, activation caches), in doubles. An
 * estimate to refuse hopeless runs with, not an exact count; the field that drives it is named so the message can
 * say what to shrink.
 */
import type { ExperimentSpec } from '../spec/experiment'
import type { TeacherSpec } from '../spec/teacher'

export interface MemoryEstimate {
  bytes: number
  /** The spec field whose size drives the largest term (`student.width`, `data.trainSize`, ...). */
  field: string
  /** What that term is, in a few words. */
  what: string
}

/** A worker's own footprint (Node, the bundle, WebAssembly) before any array of the run. */
const WORKER_BASE_BYTES = 64 * 2 ** 20
/** Typed arrays around the big ones (copies, curves, snapshots): the big terms are scaled by this. */
const OVERHEAD = 1.25

interface Term {
  doubles: number
  field: string
  what: string
}

function teacherChannels(teacher: TeacherSpec): { inputs: number; outputs: number; dim: number } {
  switch (teacher.kind) {
    case 'random-stable':
    case 'emami21':
      return { inputs: teacher.inputs, outputs: teacher.outputs, dim: teacher.dim }
    case 'explicit':
      return { inputs: teacher.B[0]?.length ?? 1, outputs: teacher.C.length, dim: teacher.A.length }
    case 'gru':
      return { inputs: 1, outputs: 1, dim: teacher.units }
    case 'memoryless':
    case 'sequence':
    case 'none':
      return { inputs: 1, outputs: 1, dim: 1 }
    default:
      return { inputs: 1, outputs: 1, dim: teacher.dim }
  }
}

/** The sequence sets a run holds: fixed training set (or one batch), test set, each (count, length, n_x + n_y). */
function sequenceTerms(spec: ExperimentSpec, nx: number, ny: number): Term[] {
  const { data, metrics } = spec
  const length = data.adversarial ? Math.max(data.adversarialMaxLength, data.length) : data.length
  const per = nx + ny
  const terms: Term[] = []
  if (data.trainSize !== null) terms.push({ doubles: data.trainSize * length * per, field: 'data.trainSize', what: 'the training sequences' })
  else terms.push({ doubles: data.batchSize * length * per, field: 'data.batchSize', what: 'a batch of sequences' })
  terms.push({ doubles: data.testSize * Math.max(length, metrics.maxLength) * per, field: 'data.testSize', what: 'the test sequences' })
  return terms
}

function studentTerms(spec: ExperimentSpec, nx: number, ny: number): Term[] {
  const d = spec.student.width
  const K = Math.max(spec.data.length, spec.metrics.horizon, spec.metrics.maxLength, spec.data.adversarialMaxLength)
  if (spec.student.kind === 'linear') {
    const transition = spec.student.parameterization === 'diagonal' ? d : d * d
    // parameters, gradient and two Adam moments; the impulse carries hold K slabs of d × min(n_x, n_y) twice
    return [
      { doubles: 4 * (transition + d * (nx + ny)), field: 'student.width', what: 'the student parameters and optimiser state' },
      { doubles: 2 * K * d * Math.min(nx, ny) + 2 * transition, field: d * d > K ? 'student.width' : 'metrics.horizon', what: 'the impulse-response carries' },
    ]
  }
  const gates = spec.student.kind === 'gru' ? 3 : 4
  const rows = Math.max(spec.data.batchSize * spec.data.length, 8 * spec.metrics.maxLength, 4096)
  const perRow = nx + 5 * gates * d + 4 * d + 2 * ny
  return [
    { doubles: 4 * (gates * d * (d + nx + 2) + ny * (d + 1)), field: 'student.width', what: 'the student parameters and optimiser state' },
    { doubles: rows * perRow, field: rows > d ? 'data.batchSize' : 'student.width', what: 'the activation cache (batch × length × gates)' },
  ]
}

function procedureTerms(spec: ExperimentSpec): Term[] {
  if (spec.experiment === 'proca-landscape') {
    return [{ doubles: 3 * spec.options.grid ** 2, field: 'options.grid', what: 'the landscape grid' }]
  }
  if (spec.experiment === 'proca-mode') return [{ doubles: 4 * spec.metrics.curvePoints, field: 'metrics.curvePoints', what: 'the curves' }]
  return []
}

/** The estimated memory of one run, with the field behind its largest term. */
export function estimateRunMemory(spec: ExperimentSpec): MemoryEstimate {
  const teacher = teacherChannels(spec.teacher)
  const { inputs: nx, outputs: ny } = teacher
  const terms: Term[] = [
    { doubles: 4 * teacher.dim * teacher.dim, field: 'teacher.dim', what: 'the teacher' },
    ...procedureTerms(spec),
  ]
  if (!spec.experiment.startsWith('proca')) terms.push(...studentTerms(spec, nx, ny), ...sequenceTerms(spec, nx, ny))
  const total = terms.reduce((sum, t) => sum + t.doubles, 0)
  const largest = terms.reduce((a, b) => (b.doubles > a.doubles ? b : a))
  return { bytes: WORKER_BASE_BYTES + OVERHEAD * 8 * total, field: largest.field, what: largest.what }
}

export function formatBytes(bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB', 'PB']
  let value = bytes
  let unit = 0
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024
    unit++
  }
  return `${value < 10 ? value.toFixed(1) : Math.round(value)} ${units[unit]}`
}
