/**
 * The verdict table, built once from a Reproduction: each preset's verdict, whether it is provisional (runs still
 * queued or running), how many runs it left out (failed, cancelled, interrupted), the sentence that decided it and its
 * claims. The Reproduce view's table and cards, the HTML report and `impulse-lab verdicts` all read it from here.
 */
import type { ClaimNumber, EvaluatedClaim, Robustness, Verdict } from '../claims'
import { robustnessText } from '../claims/robustness'
import type { Reproduction, ReproductionCard } from './reproduction'

/** How a sweep's runs stand for its verdict. */
export interface RunTally {
  /** Finished runs: the ones the claims read. */
  done: number
  total: number
  /** Runs that ended without a result (failed, cancelled, or interrupted when their process went away). */
  failed: number
  /** Runs still queued or running: the verdict may change when they finish. */
  pending: number
}

export function runTally(card: ReproductionCard): RunTally {
  const sweep = card.sweep
  if (!sweep) return { done: 0, total: 0, failed: 0, pending: 0 }
  const { counts } = sweep
  return { done: card.finishedRuns, total: sweep.total, failed: counts.failed + counts.cancelled, pending: counts.queued + counts.running }
}

export const isProvisional = (tally: RunTally): boolean => tally.pending > 0

/** "provisional (2 of 8 runs)" while runs are still to come, else null. */
export function provisionalNote(tally: RunTally): string | null {
  return isProvisional(tally) ? `provisional (${tally.done} of ${tally.total} runs)` : null
}

/** "leaves out 2 of 21 runs (failed, cancelled or interrupted)" when some runs ended without a result, else null. */
export function leftOutNote(tally: RunTally): string | null {
  if (tally.failed === 0) return null
  return `leaves out ${tally.failed} of ${tally.total} ${tally.total === 1 ? 'run' : 'runs'} (failed, cancelled or interrupted)`
}

/** The claim that decides a preset's verdict: the first that falls short, else the first that holds. */
export function decidingClaim(card: ReproductionCard): EvaluatedClaim | undefined {
  const shortfall = card.claims.find((c) => c.outcome.verdict === 'fails' || c.outcome.verdict === 'partly')
  return shortfall ?? card.claims.find((c) => c.outcome.verdict === 'holds') ?? card.claims[0]
}

/** One claim as the verdict table lists it (the `--json` shape of a claim). */
export interface ClaimVerdict {
  id: string
  /** The central effect the claim is about (the paper's quote asserts it); auxiliary checks are the rest. */
  central: string
  verdict: Verdict
  sentence: string
  numbers: ClaimNumber[]
  /** How the verdict stands under resampled seeds and moved thresholds, where the claim measures it. */
  robustness: ClaimRobustness | null
}

/** Robustness as the table shows it: the claims' reading plus one line, "robust (…)" or "knife-edge: flips to …". */
export type ClaimRobustness = Robustness & { summary: string }

/** The claims' wording, with what a robust verdict withstood. */
export function robustnessSummary(r: Robustness): string {
  if (r.kind !== 'robust') return robustnessText(r)
  const seeds = r.resamples > 0 ? `${Math.round(r.bootstrapShare * 100)} % of ${r.resamples} seed resamples agree` : 'one seed'
  const moved = r.perturbations.some((p) => p.label.startsWith('horizon')) ? 'thresholds ×0.5 and ×2 and the horizon halved and doubled keep it' : 'thresholds ×0.5 and ×2 keep it'
  return `robust (${seeds}; ${r.perturbations.length ? moved : 'no threshold to move'})`
}

export interface VerdictRow {
  id: string
  paper: string
  figureName: string
  verdict: Verdict
  provisional: boolean
  runs: RunTally
  /** The deciding claim's sentence (empty when nothing ran). */
  sentence: string
  /** Provisional state and left-out runs, in words, in that order. */
  notes: string[]
  /** The row's robustness line: the first knife-edge claim's, else the deciding claim's; null when nothing ran. */
  robustness: ClaimRobustness | null
  claims: ClaimVerdict[]
}

export function claimVerdict(claim: EvaluatedClaim): ClaimVerdict {
  return { id: claim.id, central: claim.central, verdict: claim.outcome.verdict, sentence: claim.outcome.sentence, numbers: claim.outcome.numbers, robustness: robustnessOf(claim) }
}

function robustnessOf(claim: EvaluatedClaim): ClaimRobustness | null {
  return claim.robustness ? { ...claim.robustness, summary: robustnessSummary(claim.robustness) } : null
}

export function verdictRow(card: ReproductionCard, paper = ''): VerdictRow {
  const runs = runTally(card)
  const claims = card.claims.map(claimVerdict)
  const deciding = decidingClaim(card)
  const robustness = claims.find((c) => c.robustness?.kind === 'knife-edge')?.robustness ?? claims.find((c) => c.id === deciding?.id)?.robustness ?? null
  return {
    id: card.presetId,
    paper,
    figureName: card.figureName,
    verdict: card.verdict,
    provisional: isProvisional(runs),
    runs,
    sentence: card.sweep ? decidingClaim(card)?.outcome.sentence ?? '' : '',
    notes: [provisionalNote(runs), leftOutNote(runs)].filter((n): n is string => n !== null),
    robustness,
    claims,
  }
}

/** Every card of the reproduction, in the papers' order. */
export function verdictTable(reproduction: Reproduction): VerdictRow[] {
  return reproduction.papers.flatMap((paper) => paper.cards.map((card) => verdictRow(card, paper.paper)))
}

/** The document `impulse-lab verdicts --json` prints. */
export interface VerdictsJson {
  presets: Array<{ id: string; verdict: Verdict; provisional: boolean; runs: { done: number; total: number; failed: number }; claims: ClaimVerdict[] }>
}

export function verdictsJson(reproduction: Reproduction): VerdictsJson {
  return {
    presets: verdictTable(reproduction).map((p) => ({
      id: p.id,
      verdict: p.verdict,
      provisional: p.provisional,
      runs: { done: p.runs.done, total: p.runs.total, failed: p.runs.failed },
      claims: p.claims,
    })),
  }
}
