/** The command-line dispatcher: finds the command, parses its flags strictly, runs it and turns errors into one line. */
import { parseArgs } from 'node:util'
import { SpecError } from '../../src-shared/spec/experiment'
import { type CliIo, type Command, UsageError } from './command'
import { commands } from './commands'

function help(list: Command[]): string {
  const width = Math.max(...list.map((c) => c.name.length))
  return [
    'impulse-lab: the implicit bias of gradient descent on recurrent networks, from the command line',
    '',
    ...list.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'impulse-lab <command> --help shows its usage. --db defaults to $IMPULSE_LAB_DB, else the desktop app\'s database.',
  ].join('\n')
}

/** Run one command line; returns the exit status (0 = everything asked for succeeded). */
export async function runCli(argv: string[], io: CliIo, table: Command[] = commands): Promise<number> {
  const [name, ...rest] = argv
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.stdout(`${help(table)}\n`)
    return name === undefined ? 1 : 0
  }
  const command = table.find((c) => c.name === name)
  if (!command) {
    io.stderr(`impulse-lab: unknown command "${name}"\n${help(table)}\n`)
    return 2
  }
  try {
    const parsed = parseArgs({
      args: rest,
      options: { ...command.options, help: { type: 'boolean', short: 'h', default: false } },
      allowPositionals: true,
      strict: true,
    })
    if (parsed.values.help) {
      io.stdout(`usage: ${command.usage}\n${command.summary}\n`)
      return 0
    }
    return await command.run({ values: parsed.values, positionals: parsed.positionals }, io)
  } catch (error) {
    io.stderr(`impulse-lab ${name}: ${describe(error)}\n`)
    return error instanceof UsageError || isParseArgsError(error) ? 2 : 1
  }
}

/** The message only: spec errors name the bad fields (one line), usage errors say what was expected. */
function describe(error: unknown): string {
  if (error instanceof SpecError || error instanceof UsageError || isParseArgsError(error)) return (error as Error).message
  if (error instanceof Error) return error.message
  return String(error)
}

function isParseArgsError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code
  return typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS')
}
