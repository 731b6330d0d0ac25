/**
 * Import messages for app users: the CSV checks name the command line's flags (`--behavior col1,col2`), which mean
 * nothing in the import wizard, where the same choice is a column's role or the bin-width box. One place rewrites them.
 */
const REWRITES: Array<[RegExp, string]> = [
  [/name them with --behavior col1,col2/g, 'set the role of the behaviour columns to "behavior" in the table below'],
  [/name them with --neurons col1,col2/g, 'set the role of the neuron columns to "neuron" in the table below'],
  [/give --bin-width SECONDS or --time COLUMN/g, 'give the bin width in seconds, or set a column\'s role to "time"'],
  [/ignored \(not named by --neurons\)/g, 'ignored (not marked as neurons)'],
  [/--time ("[^"]*"|\S+): no such column/g, 'time column $1: no such column'],
  [/--(?:neurons|behavior|ignore) ("[^"]*"|\S+): no such column/g, 'column $1: no such column'],
]

/** The message with each command-line flag replaced by what the wizard offers instead. */
export function forApp(message: string): string {
  return REWRITES.reduce((text, [pattern, replacement]) => text.replace(pattern, replacement), message)
}
