/**
 * How far a claim's verdict can be trusted: the verdict under a seed bootstrap, under each threshold ×0.5 and ×2,
 * and (for extrapolation errors) under the horizon halved and doubled. Generic over claims: they expose their
 * thresholds (Claim.thresholds) and read them through `thresholdOf`. Not a statistics library: a fixed PRNG makes
 * every resample the same on every machine.
 */
import type { Scale } from '../spec/experiment'
import { errorRatio, extrapolationError, peakResponse, zeroError } from '../metrics/impulse'
import type { Claim, ClaimOptions, ClaimRun, Robustness, Verdict } from './types'

/** Resamples in the seed bootstrap; fixed so the share is the same number everywhere. */
export const BOOTSTRAP_RESAMPLES = 200
/** Below this share of resamples agreeing with the full sweep, the verdict is knife-edge. */
export const BOOTSTRAP_AGREEMENT = 0.9

/** mulberry32: a small deterministic PRNG (the seed is fixed, so resamples are reproducible). */
export function prng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

function safeVerdict(claim: Claim, runs: readonly ClaimRun[], scale: Scale, options?: ClaimOptions): Verdict {
  try {
    return claim.check(runs, scale, options).verdict
  } catch {
    return 'fails'
  }
}

/**
 * Seed bootstrap: draw as many seeds as the sweep has, with replacement, and keep every run of each drawn seed (a
 * seed drawn twice counts twice in means). One seed: nothing to resample, share 1.
 */
export function seedBootstrap(claim: Claim, runs: readonly ClaimRun[], scale: Scale, verdict: Verdict, resamples = BOOTSTRAP_RESAMPLES): { share: number; resamples: number; others: Map<Verdict, number> } {
  const bySeed = new Map<unknown, ClaimRun[]>()
  for (const run of runs) bySeed.set(run.params.seed, [...(bySeed.get(run.params.seed) ?? []), run])
  const seeds = [...bySeed.keys()]
  const others = new Map<Verdict, number>()
  if (seeds.length < 2) return { share: 1, resamples: 0, others }
  const random = prng(0x1c1a23)
  let same = 0
  for (let i = 0; i < resamples; i++) {
    const sample: ClaimRun[] = []
    for (let j = 0; j < seeds.length; j++) sample.push(...bySeed.get(seeds[Math.floor(random() * seeds.length)])!)
    const v = safeVerdict(claim, sample, scale)
    if (v === verdict) same++
    else others.set(v, (others.get(v) ?? 0) + 1)
  }
  return { share: same / resamples, resamples, others }
}

/**
 * A run with extrapolation_error, zero_error and error_ratio recomputed over [k, horizon·factor) from its stored impulse
 * responses (first entry: exact for the single-input single-output teachers these metrics are read on). Reports store
 * the responses to twice the horizon; null for a run whose horizon is unknown or whose responses are too short (stored
 * before that), as for a run without stored responses.
 */
export function withHorizon(run: ClaimRun, factor: number): ClaimRun | null {
  const teacher = run.series.impulse_teacher?.y
  const student = run.series.impulse_student?.y
  const k = run.params['data.length']
  const base = run.settings?.horizon
  // Runs without an extrapolation error are untouched; one whose responses were not stored cannot be moved.
  if (typeof run.metrics.extrapolation_error !== 'number') return run
  if (!teacher || !student || typeof k !== 'number' || base === undefined) return null
  const horizon = Math.round(base * factor)
  if (horizon > Math.min(teacher.length, student.length) || horizon <= k) return null
  const hT = Float64Array.from(teacher)
  const hS = Float64Array.from(student)
  const error = extrapolationError(hT, hS, k, horizon, 1)
  const zero = zeroError(hT, k, horizon, 1)
  const ratio = errorRatio(error, zero, peakResponse(hT, horizon, 1))
  const metrics: ClaimRun['metrics'] = { ...run.metrics, extrapolation_error: error, zero_error: zero }
  if (ratio === null) delete metrics.error_ratio
  else metrics.error_ratio = ratio
  return { ...run, metrics }
}

/** The claim's verdict under every perturbation, and whether any moved it. */
export function claimRobustness(claim: Claim, runs: readonly ClaimRun[], scale: Scale, verdict = safeVerdict(claim, runs, scale)): Robustness {
  const perturbations: Robustness['perturbations'] = []
  const flips: string[] = []
  for (const threshold of claim.thresholds) {
    for (const factor of [0.5, 2]) {
      let label: string
      let moved: Verdict | null
      if (threshold.kind === 'horizon') {
        label = `horizon ${factor === 0.5 ? 'halved' : 'doubled'}`
        const shifted = runs.map((r) => withHorizon(r, factor))
        moved = shifted.every((r) => r !== null) ? safeVerdict(claim, shifted as ClaimRun[], scale) : null
        if (moved === null) {
          perturbations.push({ label: `${label} (not available: the runs' horizon or stored responses do not reach it)`, verdict })
          continue
        }
      } else {
        label = `${threshold.label} ×${factor}`
        moved = safeVerdict(claim, runs, scale, { factors: { [threshold.id]: factor } })
      }
      perturbations.push({ label, verdict: moved })
      if (moved !== verdict) flips.push(`${moved} when ${label}`)
    }
  }
  const boot = seedBootstrap(claim, runs, scale, verdict)
  if (boot.share < BOOTSTRAP_AGREEMENT) {
    const [other] = [...boot.others].sort((a, b) => b[1] - a[1])
    flips.push(`${other[0]} in ${Math.round((100 * other[1]) / boot.resamples)}% of seed resamples`)
  }
  return { kind: flips.length ? 'knife-edge' : 'robust', bootstrapShare: boot.share, resamples: boot.resamples, perturbations, flips }
}

/** "robust" or "knife-edge: flips to fails when low ×0.5; …", for cards and the CLI. */
export function robustnessText(r: Robustness): string {
  return r.kind === 'robust' ? 'robust' : `knife-edge: flips to ${r.flips.join('; ')}`
}
