/**
 * The cost model's micro-benchmark: per kernel family a small and a large run of the real procedure, each run for
 * `steps` steps and timed between its progress reports (src-main/lab/costCalibration.ts). Sizes span quick to paper
 * scale so the fitted line is used between them. Pure: the recording probe's table is generated here.
 */
import type { DatasetTable } from '../api/dataset'
import { Rng } from '../engine/prng'
import type { ExperimentSpecInput } from '../spec/experiment'
import type { DatasetShape, KernelFamily } from './costModel'

export interface CalibrationProbe {
  family: KernelFamily
  steps: number
  sizes: [ExperimentSpecInput, ExperimentSpecInput]
  /** The recording a size's runs read (the twins on a recording), generated on demand, so calibration needs no file. */
  dataset?: (size: 0 | 1) => DatasetTable
}

const population = (parameterization: 'diagonal' | 'general', width: number, length: number): ExperimentSpecInput => ({
  teacher: { kind: 'random-stable', dim: 4 } as ExperimentSpecInput['teacher'],
  student: { kind: 'linear', width, parameterization },
  data: { loss: 'population', length },
})
const sampled = (kind: 'linear' | 'gru', width: number, length: number, batchSize: number): ExperimentSpecInput => ({
  student: { kind, width },
  data: { loss: 'empirical', length, batchSize },
})
// the small size is EMAMI21 Fig. 4's narrowest twin (one input, two models), the large one Fig. 3's
const twin = (width: number, length: number, trainSize: number, inputs: number, models: string[]): ExperimentSpecInput => ({
  experiment: 'rnn-conv-twins',
  teacher: { kind: 'emami21', dim: 4, inputs, outputs: 1 } as ExperimentSpecInput['teacher'],
  student: { kind: 'linear', width, widthScaling: true, init: { kind: 'emami21', scale: 0.001 } } as ExperimentSpecInput['student'],
  data: { loss: 'empirical', length, target: 'every', trainSize, testSize: 4 },
  optimizer: { kind: 'gd', lr: 0.01 } as ExperimentSpecInput['optimizer'],
  options: { models, ridge: false },
} as ExperimentSpecInput)
const mode = (length: number): ExperimentSpecInput => ({
  experiment: 'proca-mode',
  teacher: { kind: 'sequence', shape: 'constant', base: 0.7 } as ExperimentSpecInput['teacher'],
  data: { loss: 'population', length },
  optimizer: { kind: 'gd', lr: 0.001 } as ExperimentSpecInput['optimizer'],
} as ExperimentSpecInput)


/**
 * A recording of `neurons` Poisson-like count columns over `rows` bins and two velocity columns that a linear filter
 * of the last bins decodes (the twins on a recording stop before training when ridge decodes nothing).
 */
/** A table's shape as the cost model reads it: neuron columns in, behaviour columns out (velocities decoded). */
export function tableShape(table: DatasetTable): DatasetShape {
  const behaviour = table.columns.filter((c) => c.role === 'behavior')
  const velocities = behaviour.filter((c) => /vel/i.test(c.name)).length
  const outputs = behaviour.length
  return { inputs: table.columns.filter((c) => c.role === 'neuron').length, outputs, rows: table.rows, ...(velocities && velocities < outputs ? { velocities } : {}) }
}

const recordingId = (neurons: number, rows: number) => `probe-${neurons}x${rows}`

export function probeRecording(neurons: number, rows: number): DatasetTable {
  const rng = new Rng(0, 'cost-probe')
  const width = neurons + 2
  const values = new Float64Array(rows * width)
  for (let t = 0; t < rows; t++) {
    for (let n = 0; n < neurons; n++) values[t * width + n] = Math.floor(-Math.log(1 - rng.uniform()) * 1.5)
    const lag = Math.max(0, t - 1)
    let vx = 0
    let vy = 0
    for (let n = 0; n < neurons; n++) {
      vx += (n % 3 === 0 ? 1 : 0) * values[t * width + n]
      vy += (n % 3 === 1 ? 1 : 0) * values[lag * width + n]
    }
    values[t * width + neurons] = vx + rng.normal()
    values[t * width + neurons + 1] = vy + rng.normal()
  }
  const columns = [
    ...Array.from({ length: neurons }, (_, n) => ({ name: `n${n}`, role: 'neuron' as const })),
    { name: 'vel_x', role: 'behavior' as const },
    { name: 'vel_y', role: 'behavior' as const },
  ]
  return { id: recordingId(neurons, rows), name: 'cost probe', columns, binWidth: 0.05, rows, values }
}

const recording = (width: number, length: number, [neurons, rows]: readonly [number, number]): ExperimentSpecInput => ({
  experiment: 'rnn-conv-twins',
  teacher: { kind: 'none' },
  student: { kind: 'linear', width, widthScaling: true, init: { kind: 'emami21', scale: 0.001 } },
  data: { loss: 'empirical', length, target: 'last', batchSize: 128, trainFraction: 0.7, zscore: true, reduction: 'mean', dataset: recordingId(neurons, rows) },
  optimizer: { kind: 'sgd', lr: 0.01 },
  // evaluated as EMAMI21 Table 1 is (every 50 steps), never stopping early within the probe
  stopping: { earlyStopping: { every: 50, patience: 1000 } },
  options: { models: ['rnn', 'scaled_conv1d', 'conv1d'], ridge: false, curvatureLr: 1 },
} as ExperimentSpecInput)
const recordings = [[10, 2000], [40, 4000]] as const

export const CALIBRATION_PROBES: CalibrationProbe[] = [
  { family: 'diagonal', steps: 40_000, sizes: [population('diagonal', 40, 4), population('diagonal', 200, 30)] },
  { family: 'impulse', steps: 4000, sizes: [population('general', 16, 4), population('general', 40, 16)] },
  { family: 'sequence', steps: 600, sizes: [sampled('linear', 16, 5, 50), sampled('linear', 50, 10, 100)] },
  { family: 'gated', steps: 30, sizes: [sampled('gru', 16, 5, 50), sampled('gru', 48, 10, 100)] },
  { family: 'conv', steps: 200, sizes: [twin(10, 10, 50, 1, ['rnn', 'scaled_conv1d']), twin(200, 20, 20, 15, ['rnn', 'scaled_conv1d', 'conv1d'])] },
  { family: 'recording', steps: 300, sizes: [recording(20, 10, recordings[0]), recording(200, 15, recordings[1])], dataset: (size) => probeRecording(recordings[size][0], recordings[size][1]) },
  { family: 'scalar', steps: 100_000, sizes: [mode(10), mode(60)] },
]
