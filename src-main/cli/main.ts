/** The `impulse-lab` entry point (bin/impulse-lab.mjs imports this through tsx): real stdout/stderr, real exit status. */
import { runCli } from './cli'

const status = await runCli(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  interactive: process.stderr.isTTY === true,
})
process.exitCode = status
