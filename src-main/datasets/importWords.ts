/**
 * How an import's messages tell the user what to do: the command line names its flags (`--behavior col1,col2`), the
 * import wizard names its own controls (a column's role in the table, the bin-width box). The checks say what is
 * wrong once and take the advice from the words of whoever is importing.
 */
export interface ImportWords {
  /** How to mark the columns of a role (no such column was found). */
  markRole(role: 'behavior' | 'neuron'): string
  /** How to give the bin width (it is missing or out of range); `orTime`: or choose a time column instead. */
  giveBinWidth(orTime: boolean): string
  /** How a choice naming a column that is not there is quoted: `--time "clock"` / `time column "clock"`. */
  choiceOf(choice: 'time' | 'neurons' | 'behavior' | 'ignore', column: string): string
  /** The note on columns left over once neurons were named. */
  notNeurons: string
}

export const CLI_WORDS: ImportWords = {
  markRole: (role) => `name them with --${role === 'behavior' ? 'behavior' : 'neurons'} col1,col2`,
  giveBinWidth: (orTime) => `give --bin-width SECONDS${orTime ? ' or --time COLUMN' : ''}`,
  choiceOf: (choice, column) => `--${choice} ${column}`,
  notNeurons: 'ignored (not named by --neurons)',
}

export const APP_WORDS: ImportWords = {
  markRole: (role) => `set the role of the ${role === 'behavior' ? 'behaviour' : 'neuron'} columns to "${role}" in the table below`,
  giveBinWidth: (orTime) => `give the bin width in seconds${orTime ? ', or set a column\'s role to "time"' : ''}`,
  choiceOf: (choice, column) => `${choice === 'time' ? 'time column' : 'column'} ${column}`,
  notNeurons: 'ignored (not marked as neurons)',
}
