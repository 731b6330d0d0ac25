/** The `impulse-lab` entry point (bin/impulse-lab.mjs imports this through tsx): real stdout/stderr, real exit status. */
import '../runner/relaxedSimd'
import '../runner/nativeKernels'
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
})
process.exitCode = status
