// Browser mode in its own process for load tests, on a fresh store; prints "<port> <token>" once it listens.
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startLabHost } from '../../src-main/server/labHost'

const dir = mkdtempSync(join(tmpdir(), 'impulse-lab-load-'))
mkdirSync(join(dir, 'web'))
writeFileSync(join(dir, 'web', 'index.html'), '<!doctype html><title>Impulse Lab</title>')
const host = await startLabHost({ dbPath: join(dir, 'lab.db'), staticDir: join(dir, 'web'), workers: 1 })
process.stdout.write(`${host.server.port} ${host.server.token}\n`)
const stop = () => void host.close().finally(() => (rmSync(dir, { recursive: true, force: true }), process.exit(0)))
process.once('SIGTERM', stop)
process.once('SIGINT', stop)
