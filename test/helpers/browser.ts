// What every browser test shares: Debian's Chromium and its flags, the artifacts folder, and `impulse-lab serve`
// started on a free port with the URL (and its one-time token) it prints.
import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join } from 'node:path'

export const CHROMIUM = '/usr/bin/chromium'
export const ROOT = new URL('../../', import.meta.url).pathname
export const ARTIFACTS = join(ROOT, 'test-artifacts')
export const CHROMIUM_FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run']
/** The reason a browser test skips, or false where Chromium is installed. */
export const chromiumMissing: string | false = existsSync(CHROMIUM) ? false : `${CHROMIUM} not found: install it with apt-get install -y chromium (.ci/run does)`

/** Start `impulse-lab serve --port 0` on `db`; resolves with the printed URL once it listens. */
export function startServe(db: string, workers?: number): Promise<{ url: string; server: ChildProcess }> {
  const args = [join(ROOT, 'bin/impulse-lab.mjs'), 'serve', '--port', '0', '--db', db, ...(workers ? ['--workers', String(workers)] : [])]
  const server = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] })
  let stderr = ''
  server.stderr!.on('data', (chunk) => (stderr += chunk))
  return new Promise((resolve, reject) => {
    let stdout = ''
    server.stdout!.on('data', (chunk) => {
      stdout += chunk
      const match = /http:\/\/127\.0\.0\.1:\d+\/\?token=\S+/.exec(stdout)
      if (match) resolve({ url: match[0], server })
    })
    server.once('exit', (code) => reject(new Error(`impulse-lab serve exited with ${code}: ${stderr}`)))
  })
}
