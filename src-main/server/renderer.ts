/**
 * The browser-mode renderer bundle (out/web): built with vite.web.config.ts when missing or older than its sources,
 * so `npx impulse-lab serve` works straight after `npm install`.
 */
import { existsSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'

export const PROJECT_ROOT = new URL('../../', import.meta.url).pathname
const WEB_OUT_DIR = join(PROJECT_ROOT, 'out/web')
const SOURCE_DIRS = ['src-renderer', 'src-shared']

function newestMtime(dir: string): number {
  let newest = 0
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs)
  }
  return newest
}

/** Is the bundle missing, or older than any renderer or shared source file? */
function rendererIsStale(root = PROJECT_ROOT): boolean {
  const index = join(root, 'out/web/index.html')
  if (!existsSync(index)) return true
  const sources = SOURCE_DIRS.map((d) => join(root, d)).filter((d) => existsSync(d))
  if (sources.length === 0) return false
  const built = statSync(index).mtimeMs
  return sources.some((d) => newestMtime(d) > built)
}

/** Build the renderer if needed; returns the folder to serve. */
export async function ensureRendererBuilt(log: (text: string) => void = () => {}): Promise<string> {
  if (rendererIsStale()) {
    log('building the renderer (vite build --config vite.web.config.ts) …\n')
    const { build } = await import('vite')
    await build({ configFile: join(PROJECT_ROOT, 'vite.web.config.ts'), logLevel: 'warn' })
  }
  return WEB_OUT_DIR
}
