#!/usr/bin/env node
// Before `npm start`: node_modules holds better-sqlite3 compiled for Node (the CLI and the tests load it), but the
// desktop app runs in Electron, whose ABI differs. Build a second copy for Electron into .electron-native/ (once per
// Electron version), leaving the Node build in place. Needs the internet (Electron headers or a prebuilt binary).
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync, copyFileSync } from 'node:fs'
import { spawnSync } from 'node:child_process'
import { join } from 'node:path'

const root = new URL('..', import.meta.url).pathname
const outDir = join(root, '.electron-native')
const electronVersion = JSON.parse(readFileSync(join(root, 'node_modules/electron/package.json'), 'utf8')).version
const stamp = join(outDir, 'electron-version')
if (existsSync(stamp) && readFileSync(stamp, 'utf8') === electronVersion) process.exit(0)

const work = join(outDir, 'build', 'better-sqlite3')
rmSync(join(outDir, 'build'), { recursive: true, force: true })
mkdirSync(work, { recursive: true })
cpSync(join(root, 'node_modules/better-sqlite3'), work, { recursive: true })
rmSync(join(work, 'build'), { recursive: true, force: true })

console.log(`building better-sqlite3 for Electron ${electronVersion} ...`)
const env = { ...process.env, npm_config_runtime: 'electron', npm_config_target: electronVersion, npm_config_disturl: 'https://electronjs.org/headers' }
const prebuilt = spawnSync(process.execPath, [join(root, 'node_modules/prebuild-install/bin.js'), '--runtime', 'electron', '--target', electronVersion], { cwd: work, stdio: 'inherit', env })
if (prebuilt.status !== 0) {
  const gyp = spawnSync('npx', ['--yes', 'node-gyp', 'rebuild', '--release', `--target=${electronVersion}`, '--dist-url=https://electronjs.org/headers'], { cwd: work, stdio: 'inherit', env })
  if (gyp.status !== 0) {
    console.error('could not build better-sqlite3 for Electron: the app needs the internet for this step once')
    process.exit(1)
  }
}
copyFileSync(join(work, 'build/Release/better_sqlite3.node'), join(outDir, 'better_sqlite3.node'))
rmSync(join(outDir, 'build'), { recursive: true, force: true })
writeFileSync(stamp, electronVersion)
