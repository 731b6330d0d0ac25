/**
 * Claims as code: what each preset's paper claims, as functions over a sweep's finished runs that return a verdict,
 * the numbers behind it and one sentence; and the figures the paper draws, declared as data.
 */
import type { MetricValue, Series } from '../api/results'
import type { AxisMeaning } from '../catalogue'
import type { Scale } from '../spec/experiment'

export type Verdict = 'holds' | 'partly' | 'fails' | 'not run at this scale'
export const VERDICTS: readonly Verdict[] = ['holds', 'partly', 'fails', 'not run at this scale']

export type PaperId = 'AISTATS22' | 'ICLR23' | 'EMAMI21' | 'PROCA'

/** A finished run as a claim sees it: swept params (spec paths, variant names, seed), metrics and series. */
export interface ClaimRun {
  params: Record<string, unknown>
  metrics: Record<string, MetricValue>
  series: Record<string, Series>
  /** Settings of the spec that ran which sweeps seldom vary (absent from hand-built runs): see runSettings. */
  settings?: RunSettings
}

/** What claims quote of the spec that ran beyond its swept params, so prose never hard-codes a scale's setting. */
export interface RunSettings {
  /** metrics.horizon: the stored extrapolation errors are read over [k, horizon). */
  horizon: number
  /** student.width. */
  width: number
  /** data.length (k). */
  length: number
  /** stopping.maxSteps. */
  maxSteps: number
  /** student.precision. */
  precision: string
  /** teacher.dim (d̂), null for teachers without one. */
  teacherDim: number | null
}

/** One number behind a verdict, labelled in words; `paper` is the paper's value where it gives one. */
export interface ClaimNumber {
  label: string
  value: number | null
  paper?: number
}

/**
 * What a verdict means, for every claim (docs/reproduction.md): a claim names its *central* effect (what the quote
 * asserts) and its *auxiliary* checks (conditions that make the reading fair: a non-trivial A, a fitted loss, an
 * adversary that fits). holds: every check passes; partly: the central checks pass and an auxiliary one departs (its
 * reason is given); fails: a central check fails. A "low" error the zero solution also reaches is not evidence.
 */
export type CheckRole = 'central' | 'auxiliary'

/** One check behind a verdict; `reason` says, when it did not pass, what was measured against what was needed. */
export interface ClaimCheck {
  id: string
  role: CheckRole
  /** What the check asks, in words ("error < 0.05 × the zero solution's at k ≥ 10 for every seed"). */
  label: string
  passed: boolean
  reason?: string
}

/**
 * A number a claim compares against, named so robustness can move it: `threshold`s are tried at ×0.5 and ×2,
 * a `horizon` (the extrapolation horizon its errors are read to) halved and doubled.
 */
export interface ClaimThreshold {
  id: string
  label: string
  kind: 'threshold' | 'horizon'
}

/**
 * How a claim is read: multipliers on its thresholds (by ClaimThreshold id; absent = 1). Claims read their
 * thresholds through `thresholdOf` (runs.ts) so every comparison can be moved the same way.
 */
export interface ClaimOptions {
  factors?: Readonly<Record<string, number>>
}

export interface ClaimOutcome {
  verdict: Verdict
  /** One sentence: what was measured against what was claimed. */
  sentence: string
  numbers: ClaimNumber[]
  /** Where and why the result departs from the paper (a teacher draw, a scale, a setting). */
  departures: string[]
  /** The checks the verdict was made from (absent when the claim was not run). */
  checks?: ClaimCheck[]
}

/** A verdict moved by resampling seeds and by moving thresholds: robust when nothing moved it. */
export interface Robustness {
  kind: 'robust' | 'knife-edge'
  /** Share of seed-bootstrap resamples (deterministic) whose verdict equals the full sweep's; 1 with one seed. */
  bootstrapShare: number
  resamples: number
  /** Each perturbation tried and the verdict under it ("threshold low ×2": "fails"). */
  perturbations: Array<{ label: string; verdict: Verdict }>
  /** The perturbations that changed the verdict, in words ("flips to fails when low ×0.5"). Empty when robust. */
  flips: string[]
}

export interface Claim {
  id: string
  /** The figure this claim is read from (a FigureSpec id of the same preset). */
  figure: string
  /** The paper's words, quoted. */
  quote: string
  /** Where the quote is in the paper (e.g. "ICLR23 §5.1, Fig. 1a"). */
  section: string
  /** The central effect, in one phrase: what must hold for anything but "fails". */
  central: string
  /** The thresholds (and horizon) its checks compare against, for robustness. */
  thresholds: readonly ClaimThreshold[]
  check(runs: readonly ClaimRun[], scale: Scale, options?: ClaimOptions): ClaimOutcome
}

/** A line drawn across a figure: at an x (k = 2d̂), at a y (the zero solution's ratio 1), or another metric's mean. */
type ReferenceLine =
  | { kind: 'x'; at: number | ((scale: Scale) => number); label: string }
  | { kind: 'y'; at: number; label: string }
  | { kind: 'metric'; metric: string; label: string }

interface FigureBase {
  id: string
  title: string
  /** Params whose values make separate lines (e.g. `teacher.eigMax`, `student`); absent params are skipped. */
  lineBy?: string[]
  logY?: boolean
  references?: ReferenceLine[]
}

/** A metric (mean over seeds, each seed's value shown as a dot) against a swept param. */
export interface MetricFigure extends FigureBase {
  kind: 'metric-vs-param'
  x: string
  /** One metric, or several drawn as one line each (labels from the catalogue). */
  y: string | string[]
  logX?: boolean
}

/** An array metric over sequence length L (AISTATS22 Fig. 1, 2), one line per run. */
interface ByLengthFigure extends FigureBase {
  kind: 'by-length'
  y: string
}

/** Stored series of each run overlaid (impulse responses, training curves); `{model}` expands to each model. */
export interface SeriesFigure extends FigureBase {
  kind: 'series'
  series: string[]
  x: AxisMeaning
  y: string
  yRange?: [number, number]
  /** Draw only the runs whose params match (e.g. one seed). */
  where?: Record<string, unknown>
  /** Series every run shares (the teacher's response): drawn once, from the first run. */
  once?: string[]
  /** Points, not lines (per-mode values against Re λ). */
  scatter?: boolean
}

/** EMAMI21 Table 1: models × outputs test R² beside the paper's numbers. */
interface TableFigure extends FigureBase {
  kind: 'r2-table'
}

/** EMAMI21 Fig. 3 per lag: √ρ_j beside |L_j| by model, and the RNN–twin gap per lag (claims/emami21Kernels.ts). */
interface KernelRegimeFigure extends FigureBase {
  kind: 'kernel-regime'
}

/**
 * Vector metrics with one entry per mode, against the mode index i (AISTATS22 Fig. 3: |λ_i| and u_i); each run's
 * values as dots, modes ordered by the first metric's magnitude, largest first. Labels come from the catalogue.
 */
export interface PerModeFigure extends FigureBase {
  kind: 'per-mode'
  y: string[]
}

export type FigureSpec = MetricFigure | ByLengthFigure | SeriesFigure | TableFigure | KernelRegimeFigure | PerModeFigure

export interface PresetClaims {
  presetId: string
  /** The paper the claims come from (a preset's own `paper` names its figure, e.g. "ICLR23 Fig. 1a"). */
  paperId: PaperId
  figures: FigureSpec[]
  claims: Claim[]
}
