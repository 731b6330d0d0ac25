/**
 * Real recordings as decoding data (EMAMI21 Table 1): a contiguous train/test split by time, optional "limited data"
 * (the first N minutes of the training split), z-scoring fitted on the training rows only, and windows of T bins
 * whose target is the behaviour in the window's last bin. Windows are not materialised: they are gathered per batch.
 */
import type { DatasetTable } from '../api/dataset'
import { type Whitening, whitenColumns } from './whiten'

interface WindowOptions {
  /** Window length T in bins. */
  length: number
  /** Fraction of the recording (by time) used for training; the rest is the test split. */
  trainFraction: number
  /** Train on the first N minutes instead of a fraction (test = the rest); null = use trainFraction. */
  trainMinutes: number | null
  /** Keep only the first N minutes of the training split ("limited data"); null = all of it. */
  limitMinutes: number | null
  zscore: boolean
  /** Whiten the neuron columns with this shrinkage (see whiten.ts) after z-scoring; null = no. */
  whiten?: number | null
  /** Behaviour columns to decode, by name; null = those named like a velocity (/vel/i) if any, else every one. */
  targets: string[] | null
}

interface WindowedData {
  /** Neuron columns (rows, n_x) and target columns (rows, n_y), z-scored when asked. */
  inputs: Float64Array
  targets: Float64Array
  rows: number
  inputNames: string[]
  targetNames: string[]
  /** Row index of each window's last bin, for the training and the test windows. */
  trainEnds: Int32Array
  testEnds: Int32Array
  /** Rows [trainStart, trainStop) train, [testStart, rows) test. */
  trainRows: [number, number]
  testRows: [number, number]
  binWidth: number
  warnings: string[]
  /** What whitening did, when asked. */
  whitening: Whitening | null
}

/** Column indices by role, and the target columns chosen among the behaviour columns. */
function selectColumns(table: DatasetTable, targets: string[] | null): { inputs: number[]; targets: number[] } {
  const inputs: number[] = []
  const behaviour: number[] = []
  table.columns.forEach((c, i) => {
    if (c.role === 'neuron') inputs.push(i)
    else if (c.role === 'behavior') behaviour.push(i)
  })
  if (inputs.length === 0) throw new Error(`dataset "${table.name}": no neuron columns`)
  if (behaviour.length === 0) throw new Error(`dataset "${table.name}": no behaviour columns to decode`)
  const names = behaviour.map((i) => table.columns[i].name)
  if (targets && targets.length > 0) {
    const chosen = targets.map((name) => {
      const i = table.columns.findIndex((c) => c.name === name)
      if (i < 0 || table.columns[i].role !== 'behavior') {
        throw new Error(`options.targets: "${name}" is not a behaviour column of "${table.name}" (behaviour columns: ${names.join(', ')})`)
      }
      return i
    })
    return { inputs, targets: chosen }
  }
  const velocity = behaviour.filter((i) => /vel/i.test(table.columns[i].name))
  return { inputs, targets: velocity.length > 0 ? velocity : behaviour }
}

/** Split, z-score and index the windows of a dataset. Throws with the spec field when a split is too short. */
export function prepareWindows(table: DatasetTable, opts: WindowOptions): WindowedData {
  const { rows, columns, values, binWidth } = table
  const width = columns.length
  const T = opts.length
  const cols = selectColumns(table, opts.targets)
  const nx = cols.inputs.length
  const ny = cols.targets.length
  const warnings: string[] = []

  const binsPerMinute = 60 / binWidth
  const trainStop = opts.trainMinutes !== null ? Math.min(rows, Math.round(opts.trainMinutes * binsPerMinute)) : Math.round(opts.trainFraction * rows)
  const testStart = trainStop
  const limitStop = opts.limitMinutes !== null ? Math.min(trainStop, Math.round(opts.limitMinutes * binsPerMinute)) : trainStop
  if (limitStop - T + 1 < 1) throw new Error(`data.length: the training split has ${limitStop} bins, fewer than one window of ${T}`)
  if (rows - testStart < T) throw new Error(`data.trainFraction: the test split has ${rows - testStart} bins, fewer than one window of ${T}`)

  const inputs = new Float64Array(rows * nx)
  const targets = new Float64Array(rows * ny)
  const fill = (out: Float64Array, idx: number[]) => {
    const k = idx.length
    for (let r = 0; r < rows; r++) for (let c = 0; c < k; c++) out[r * k + c] = values[r * width + idx[c]]
  }
  fill(inputs, cols.inputs)
  fill(targets, cols.targets)
  if (opts.zscore) {
    const silent = zscoreColumns(inputs, nx, rows, 0, limitStop)
    if (silent.length) {
      warnings.push(`${silent.length} neuron column(s) constant on the training rows (left at 0 after centring): ${silent.map((c) => columns[cols.inputs[c]].name).join(', ')}`)
    }
    const flat = zscoreColumns(targets, ny, rows, 0, limitStop)
    if (flat.length) warnings.push(`target column(s) constant on the training rows: ${flat.map((c) => columns[cols.targets[c]].name).join(', ')}`)
  }
  const whitening = opts.whiten != null ? whitenColumns(inputs, nx, rows, 0, limitStop, opts.whiten) : null
  // Windows lie wholly inside one split: no window straddles the train/test boundary.
  const trainEnds = Int32Array.from({ length: limitStop - T + 1 }, (_, i) => i + T - 1)
  const testEnds = Int32Array.from({ length: rows - testStart - T + 1 }, (_, i) => testStart + i + T - 1)
  return {
    inputs,
    targets,
    rows,
    inputNames: cols.inputs.map((i) => columns[i].name),
    targetNames: cols.targets.map((i) => columns[i].name),
    trainEnds,
    testEnds,
    trainRows: [0, limitStop],
    testRows: [testStart, rows],
    binWidth,
    warnings,
    whitening,
  }
}

/**
 * Centre and scale each column of a (rows, k) array in place with the mean and standard deviation of rows
 * [from, to). A column constant there is only centred (scaling by 1/0 would make it NaN). Returns those columns.
 */
function zscoreColumns(a: Float64Array, k: number, rows: number, from: number, to: number): number[] {
  const constant: number[] = []
  const n = to - from
  for (let c = 0; c < k; c++) {
    let mean = 0
    for (let r = from; r < to; r++) mean += a[r * k + c]
    mean /= n
    let v = 0
    for (let r = from; r < to; r++) v += (a[r * k + c] - mean) ** 2
    const sd = Math.sqrt(v / n)
    const flat = !(sd > 1e-12 * (Math.abs(mean) + 1))
    if (flat) constant.push(c)
    const s = flat ? 1 : 1 / sd
    for (let r = 0; r < rows; r++) a[r * k + c] = (a[r * k + c] - mean) * s
  }
  return constant
}

/**
 * Gather windows ends[start .. start+count) into x (count, T, n_x) and their last-bin targets into y (count, n_y).
 * `order` (optional) permutes the window indices (a shuffled epoch).
 */
export function gatherWindows(x: Float64Array, y: Float64Array, data: WindowedData, T: number, ends: Readonly<Int32Array>, start: number, count: number, order?: Readonly<Int32Array>): void {
  const nx = data.inputNames.length
  const ny = data.targetNames.length
  for (let b = 0; b < count; b++) {
    const e = ends[order ? order[start + b] : start + b]
    x.set(data.inputs.subarray((e - T + 1) * nx, (e + 1) * nx), b * T * nx)
    y.set(data.targets.subarray(e * ny, (e + 1) * ny), b * ny)
  }
}
