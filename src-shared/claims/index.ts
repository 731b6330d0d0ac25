/** Every preset's claims and figures, by preset id; `evaluateClaims` runs a preset's claims over a sweep. */
import type { Scale } from '../spec/experiment'
import { aistats22Claims } from './aistats22'
import { emami21Claims } from './emami21'
import { iclr23Claims } from './iclr23'
import { procaClaims } from './proca'
import { criticalClaims } from './critical'
import { combineVerdicts } from './runs'
import type { Claim, ClaimOptions, ClaimOutcome, ClaimRun, PresetClaims, Robustness, Verdict } from './types'
import { claimRobustness } from './robustness'

export type * from './types'
export { VERDICTS } from './types'
export { EMAMI21_TABLE1, r2Targets } from './emami21'
export { combineVerdicts, metricOf, verdictFromChecks } from './runs'
export { claimRobustness } from './robustness'
export { runSettings } from './settings'

export const presetClaims: readonly PresetClaims[] = [...aistats22Claims, ...iclr23Claims, ...emami21Claims, ...procaClaims, ...criticalClaims]
const byId = new Map(presetClaims.map((p) => [p.presetId, p]))

export function claimsFor(presetId: string): PresetClaims | undefined {
  return byId.get(presetId)
}

export interface EvaluatedClaim {
  id: string
  figure: string
  quote: string
  section: string
  /** The central effect the verdict turns on. */
  central: string
  outcome: ClaimOutcome
  /** Present when asked for (`evaluateClaims(..., { robustness: true })`) and the claim ran. */
  robustness?: Robustness
}

/** A claim function that throws is a bug in the claim, shown as one rather than hiding the other claims. */
export function evaluate(claim: Claim, runs: readonly ClaimRun[], scale: Scale, options?: ClaimOptions): ClaimOutcome {
  try {
    return claim.check(runs, scale, options)
  } catch (error) {
    return { verdict: 'fails', sentence: `The claim could not be evaluated: ${error instanceof Error ? error.message : String(error)}`, numbers: [], departures: [] }
  }
}

/** Every claim of a preset over the sweep's finished runs; no runs: every claim is 'not run at this scale'. */
export function evaluateClaims(presetId: string, runs: readonly ClaimRun[], scale: Scale, options: { robustness?: boolean } = {}): EvaluatedClaim[] {
  const entry = byId.get(presetId)
  if (!entry) return []
  return entry.claims.map((claim) => {
    const outcome: ClaimOutcome = runs.length ? evaluate(claim, runs, scale) : { verdict: 'not run at this scale', sentence: 'No finished run of this preset at this scale.', numbers: [], departures: [] }
    const evaluated: EvaluatedClaim = { id: claim.id, figure: claim.figure, quote: claim.quote, section: claim.section, central: claim.central, outcome }
    if (options.robustness && outcome.verdict !== 'not run at this scale') evaluated.robustness = claimRobustness(claim, runs, scale, outcome.verdict)
    return evaluated
  })
}

/**
 * The preset's verdict: its claims' verdicts combined. A claim not run at this scale leaves part of the figure unread,
 * so the others holding make it 'partly', never 'holds'.
 */
export function presetVerdict(claims: readonly EvaluatedClaim[]): Verdict {
  const combined = combineVerdicts(claims.map((c) => c.outcome.verdict))
  return combined === 'holds' && claims.some((c) => c.outcome.verdict === 'not run at this scale') ? 'partly' : combined
}
