/** The browser tests' setup: Debian's Chromium through playwright-core, against `impulse-lab serve` on a temp database. */
import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join } from 'node:path'

export const CHROMIUM = '/usr/bin/chromium'
export const ROOT = new URL('../../', import.meta.url).pathname
export const ARTIFACTS = join(ROOT, 'test-artifacts')
export const CHROMIUM_FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run']
/** The reason browser tests skip, or false when Chromium is there. */
export const skipWithoutChromium = existsSync(CHROMIUM) ? false : `${CHROMIUM} not found: install it with apt-get install -y chromium (.ci/run does)`

/** Start `impulse-lab serve` on a free port; resolves with the process and the URL it prints (with its token). */
export function startServe(db: string, workers: number): Promise<{ server: ChildProcess; url: string }> {
  const server = spawn(process.execPath, [join(ROOT, 'bin/impulse-lab.mjs'), 'serve', '--port', '0', '--db', db, '--workers', String(workers)], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] })
  let stderr = ''
  server.stderr!.on('data', (chunk) => (stderr += chunk))
  return new Promise((resolve, reject) => {
    let stdout = ''
    server.stdout!.on('data', (chunk) => {
      stdout += chunk
      const match = /http:\/\/127\.0\.0\.1:\d+\/\?token=\S+/.exec(stdout)
      if (match) resolve({ server, url: match[0] })
    })
    server.once('exit', (code) => reject(new Error(`impulse-lab serve exited with ${code}: ${stderr}`)))
  })
}
