#!/usr/bin/env node
// The impulse-lab command line, with no build step for the user: the TypeScript sources are bundled by esbuild into
// one file as the command starts (~0.3 s; loading them through a TypeScript loader took ~1.3 s). The bundle is written
// at the same depth as the sources (src-main/.bundle/) so their import.meta.url-relative paths still resolve, and
// dependencies stay external, loaded from node_modules. One file per process, removed when it exits.
import { buildSync } from 'esbuild'
import { mkdirSync, readdirSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))
const dir = join(root, 'src-main', '.bundle')
mkdirSync(dir, { recursive: true })
removeBundlesOfDeadProcesses()
const outfile = join(dir, `cli-${process.pid}.mjs`)
buildSync({
  entryPoints: [join(root, 'src-main', 'cli', 'main.ts')],
  outfile,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  sourcemap: 'inline',
  logLevel: 'error',
})
process.once('exit', () => rmSync(outfile, { force: true }))
process.setSourceMapsEnabled(true)
await import(pathToFileURL(outfile).href)

/** A process killed before its exit handler ran leaves its bundle behind; clear those. */
function removeBundlesOfDeadProcesses() {
  for (const name of readdirSync(dir)) {
    const pid = Number(/^cli-(\d+)\.mjs$/.exec(name)?.[1])
    if (!pid || pid === process.pid) continue
    try {
      process.kill(pid, 0)
    } catch {
      rmSync(join(dir, name), { force: true })
    }
  }
}
