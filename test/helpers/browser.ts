/** The browser tests' setup: Debian's Chromium through playwright-core, against `impulse-lab serve` on a temp database. */
import assert from 'node:assert/strict'
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromium, type Browser, type Page } from 'playwright-core'

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

/** `impulse-lab ARGS` to its end; a non-zero exit fails the test with its stderr. Resolves to its stdout. */
export function runCli(args: string[]): string {
  const result = spawnSync(process.execPath, [join(ROOT, 'bin/impulse-lab.mjs'), ...args], { cwd: ROOT, encoding: 'utf8' })
  assert.equal(result.status, 0, result.stderr)
  return result.stdout
}

/** A fresh temp folder for one test file's database (and the screenshot folder, made if missing). */
export function e2eDir(name: string): string {
  mkdirSync(ARTIFACTS, { recursive: true })
  return mkdtempSync(join(tmpdir(), `impulse-lab-e2e-${name}-`))
}

/**
 * Chromium with one page whose uncaught errors and console errors go to `errors`, except console errors `excused`
 * accepts (a step that expects a 400 on purpose).
 */
export async function openPage(errors: string[], options: Parameters<Browser['newPage']>[0], excused: (text: string) => boolean = () => false): Promise<{ browser: Browser; page: Page }> {
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS })
  const page = await browser.newPage(options)
  page.on('pageerror', (error) => errors.push(error.message))
  page.on('console', (message) => {
    if (message.type() === 'error' && !excused(message.text())) errors.push(message.text())
  })
  return { browser, page }
}

/** What a browser test file's `before` opens; any of it may be missing when set-up failed part way. */
export interface E2eLab {
  server?: ChildProcess
  browser?: Browser
  dir: string
}

/** Close what `before` opened. */
export async function closeE2e(lab: E2eLab): Promise<void> {
  await lab.browser?.close()
  lab.server?.kill('SIGTERM')
  if (lab.dir) rmSync(lab.dir, { recursive: true, force: true })
}
