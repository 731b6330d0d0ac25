/**
 * What a paper itself shows about where k* falls, as a search figure draws it beside the search's own k*: the
 * longest training length the paper shows failing and the shortest it shows extrapolating, with where it says so.
 * Only points a paper states in its text or appendix figures; nothing here is read off a plot by eye.
 */

export interface PaperKStar {
  /** The outer value (e.g. the teacher dimension d̂). */
  x: number
  /** The longest k the paper shows not extrapolating. */
  lastFailing: number
  /** The shortest k the paper shows extrapolating. */
  firstPassing: number
  /** Paper, figure and sentence or panel the two values come from, and how its setting differs from the preset's. */
  source: string
}
