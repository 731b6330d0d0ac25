#!/usr/bin/env node
// The impulse-lab command line, with no build step for the user: the TypeScript sources of the CLI and of the training
// worker are bundled by esbuild into src-main/.bundle/ whenever a source is newer than the bundle (~0.4 s; loading
// the sources through a TypeScript loader instead costs ~1.3 s per process, for the CLI and for every worker).
// The bundle sits at the same depth as the sources, so their import.meta.url-relative paths still resolve, and
// dependencies stay external, loaded from node_modules (the worker bundle is self-contained).
import { buildSync } from 'esbuild'
import { mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))
const bundleDir = join(root, 'src-main', '.bundle')
const cli = join(bundleDir, 'cli.mjs')
const worker = join(bundleDir, 'worker.mjs')

if (newestSource() > bundleTime()) rebuild()
// The scheduler forks workers from this bundle (src-main/runner/nodeTransport.ts).
process.env.IMPULSE_LAB_WORKER_BUNDLE = worker
process.setSourceMapsEnabled(true)
await import(pathToFileURL(cli).href)

function rebuild() {
  mkdirSync(bundleDir, { recursive: true })
  // Build beside the target and rename: another impulse-lab starting at the same moment never sees half a file.
  const tmp = mkdtempSync(join(bundleDir, 'build-'))
  const common = { bundle: true, platform: 'node', format: 'esm', target: 'node20', sourcemap: 'inline', logLevel: 'error' }
  buildSync({ ...common, entryPoints: [join(root, 'src-main', 'cli', 'main.ts')], outfile: join(tmp, 'cli.mjs'), packages: 'external' })
  buildSync({ ...common, entryPoints: [join(root, 'src-main', 'worker', 'worker.ts')], outfile: join(tmp, 'worker.mjs') })
  renameSync(join(tmp, 'worker.mjs'), worker)
  renameSync(join(tmp, 'cli.mjs'), cli)
  rmSync(tmp, { recursive: true, force: true })
}

function bundleTime() {
  try {
    return Math.min(statSync(cli).mtimeMs, statSync(worker).mtimeMs)
  } catch {
    return -Infinity
  }
}

/** The newest modification time among the sources the bundles are made of (and the lockfile, for dependencies). */
function newestSource() {
  let newest = statSync(join(root, 'package-lock.json')).mtimeMs
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.name.startsWith('.')) continue
      const path = join(dir, entry.name)
      if (entry.isDirectory()) walk(path)
      else newest = Math.max(newest, statSync(path).mtimeMs)
    }
  }
  walk(join(root, 'src-main'))
  walk(join(root, 'src-shared'))
  return newest
}
