/** `impulse-lab serve`: the app in a browser, on 127.0.0.1 behind a per-start token (see src-main/server). */
import { availableParallelism } from 'node:os'
import { defaultDbPath } from '../store'
import { ensureRendererBuilt } from '../server/renderer'
import { startLabHost } from '../server/labHost'
import { type Command, dbOption, intOption, stringOption, UsageError } from './command'

const usage = 'impulse-lab serve [--port N] [--db FILE] [--workers N]'

export const serveCommand: Command = {
  name: 'serve',
  summary: 'serve the app to a browser on 127.0.0.1 (prints its URL with a per-start token)',
  usage,
  options: { port: { type: 'string' }, workers: { type: 'string' }, ...dbOption },
  async run(args, io) {
    const rawPort = stringOption(args.values, 'port')
    const port = rawPort === undefined ? 0 : Number(rawPort)
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port: expected 0..65535, got "${rawPort}"`)
    const workers = intOption(args.values, 'workers', availableParallelism())
    const staticDir = await ensureRendererBuilt((text) => io.stderr(text))
    const host = await startLabHost({ dbPath: defaultDbPath(stringOption(args.values, 'db')), createFolder: !stringOption(args.values, 'db') && !process.env.IMPULSE_LAB_DB, staticDir, port, workers })
    io.stderr(`Impulse Lab (browser mode), db ${host.store.file}, ${workers} worker${workers === 1 ? '' : 's'}\n`)
    io.stdout(`${host.server.url}\n`)
    await new Promise<void>((resolve) => {
      process.once('SIGINT', resolve)
      process.once('SIGTERM', resolve)
    })
    io.stderr('stopping …\n')
    await host.close()
    return 0
  },
}
