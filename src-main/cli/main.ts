/** The `impulse-lab` entry point (bin/impulse-lab.mjs bundles it with esbuild and imports the bundle): real stdout/stderr, real exit status. */
import { createInterface } from 'node:readline/promises'
import { runCli } from './cli'

// `impulse-lab show s1 | head` closes our stdout early: that is the reader saying it has enough, not an error.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0)
    throw error
  })
}

const status = await runCli(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  interactive: process.stderr.isTTY === true,
  confirm: process.stdin.isTTY ? ask : undefined,
})
process.exitCode = status

async function ask(question: string): Promise<boolean> {
  const rl = createInterface({ input: process.stdin, output: process.stderr })
  try {
    return /^y(es)?$/i.test((await rl.question(`${question} [y/N] `)).trim())
  } finally {
    rl.close()
  }
}
