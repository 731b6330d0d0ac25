/** What a CLI command is (one file per command, listed in commands.ts) and the helpers commands share. */
import type { ParseArgsConfig } from 'node:util'
import { defaultDbPath } from '../store/paths'
import { Store } from '../store/store'

type OptionValues = Record<string, string | boolean | Array<string | boolean> | undefined>

interface CliArgs {
  values: OptionValues
  positionals: string[]
}

/** Where a command writes: stdout carries results (one JSON document with --json), stderr progress and errors. */
export interface CliIo {
  stdout(text: string): void
  stderr(text: string): void
  /** Is stderr a terminal (progress may redraw one line)? */
  readonly interactive: boolean
  /** Ask a yes/no question on the terminal; absent when nobody can answer (a script, a pipe). */
  confirm?(question: string): Promise<boolean>
}

export interface Command {
  name: string
  /** One line for the command list. */
  summary: string
  /** The usage line, as `--help` and README's command list show it. */
  usage: string
  /** node:util parseArgs options; --help is added for every command. */
  options: NonNullable<ParseArgsConfig['options']>
  /** Returns the exit status: 0 when everything the command was asked to do succeeded. */
  run(args: CliArgs, io: CliIo): Promise<number>
}

/** An error a user caused (bad flag, unknown id): printed as one line without a stack. */
export class UsageError extends Error {}

export const dbOption = { db: { type: 'string' } } as const
export const jsonOption = { json: { type: 'boolean', default: false } } as const

/** The store named by --db, $IMPULSE_LAB_DB or the desktop app's default path. */
export function openStoreFor(values: OptionValues): Store {
  const explicit = typeof values.db === 'string' ? values.db : undefined
  // only the desktop app's own folder is created; a --db path must be in an existing folder
  return Store.open(defaultDbPath(explicit), { createFolder: !explicit && !process.env.IMPULSE_LAB_DB })
}

export function stringOption(values: OptionValues, name: string): string | undefined {
  const value = values[name]
  return typeof value === 'string' ? value : undefined
}

/** A positive integer flag (--workers, --limit), or the default; a bad value names the flag. */
export function intOption(values: OptionValues, name: string, fallback: number): number {
  const raw = stringOption(values, name)
  if (raw === undefined) return fallback
  const n = /^\d+$/.test(raw.trim()) ? Number(raw) : NaN
  if (!Number.isSafeInteger(n) || n < 1) throw new UsageError(`--${name}: expected a positive integer, got "${raw}"`)
  return n
}

/** A number read by `parse` (src-shared/util/decimal.ts), its error turned into a UsageError (exit 2). */
export function usageNumber(parse: () => number): number {
  try {
    return parse()
  } catch (error) {
    throw new UsageError((error as Error).message)
  }
}

export function requirePositional(args: CliArgs, what: string, usage: string): string {
  const value = args.positionals[0]
  if (!value) throw new UsageError(`missing ${what}\nusage: ${usage}`)
  return value
}

export function writeJson(io: CliIo, value: unknown): void {
  io.stdout(`${JSON.stringify(value, null, 2)}\n`)
}
