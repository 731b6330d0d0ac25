/**
 * What is wrong with a CSV: every bad cell up to a cap, each with its line and column, in one error whose message is
 * one short line (the first problem and how many more). Cells and column lists are shortened before they are quoted,
 * so a 1 MB cell or 5,000 column names never reach a terminal or a toast.
 */

export interface CsvProblem {
  /** Line in the file, 1 = the header. */
  line: number
  /** Column name, or null for a whole-row problem (ragged row). */
  column: string | null
  message: string
}

/** Bad cells listed per import (the count of all of them is still reported). */
export const MAX_LISTED_PROBLEMS = 200

export class CsvError extends Error {
  /** Bad input: HTTP 400, exit status 2. */
  readonly status = 400

  constructor(
    message: string,
    /** Every problem found, up to MAX_LISTED_PROBLEMS (empty for a problem with the file as a whole). */
    readonly problems: CsvProblem[] = [],
    /** All problems found, listed or not. */
    readonly total = problems.length,
  ) {
    super(message)
  }
}

/** A cell as it may be quoted in a message: at most 40 characters, with its length when it was longer. */
export function quoteCell(cell: string): string {
  return cell.length <= 40 ? JSON.stringify(cell) : `${JSON.stringify(cell.slice(0, 32))}… (${cell.length} characters)`
}

/** A column list for a message: the first names, then how many there are. */
export function listColumns(names: string[], shown = 8): string {
  const head = names.slice(0, shown).map((n) => (n.length > 40 ? `${n.slice(0, 32)}…` : n))
  return names.length > shown ? `${head.join(', ')}, … (${names.length} columns)` : head.join(', ')
}

/** Where a problem is, as messages say it: `s1.csv line 812, column "n17"`. */
function placeOf(file: string, problem: Pick<CsvProblem, 'line' | 'column'>): string {
  return `${file} line ${problem.line}${problem.column === null ? '' : `, column ${quoteCell(problem.column)}`}`
}

/** The error for a list of problems: the first one in the message, and how many others. */
export function problemsError(file: string, problems: CsvProblem[], total: number): CsvError {
  const first = problems[0]
  const more = total > 1 ? ` (and ${total - 1} more bad cell${total === 2 ? '' : 's'})` : ''
  return new CsvError(`${placeOf(file, first)}: ${first.message}${more}`, problems, total)
}
