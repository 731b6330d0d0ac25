#!/usr/bin/env node
// npm test: type-check the pure layer (no Node/DOM types allowed in src-shared), then run every tier's test/**/*.test.ts
// with Node's own test runner through tsx, in one run (one summary), tier by tier:
//   unit          test/unit/{shared,main,renderer}: fast, in process, the edit loop (npm run test:unit)
//   integration   test/integration: src-main with real worker processes, the CLI, servers, SQLite locks and timers,
//                 and the WebAssembly module against a fresh build
//   reproduction  test/reproduction: quick-scale sweeps of presets, claims and experiments (seconds each)
//   e2e           test/e2e: the renderer in Chromium against `impulse-lab serve`
// Arguments that name a tier select it (and skip the type-check); any other argument filters test files by substring.
import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'

const root = new URL('..', import.meta.url).pathname
const TIERS = ['unit', 'integration', 'reproduction', 'e2e']
const args = process.argv.slice(2)
const tiers = args.filter((a) => TIERS.includes(a))
const filters = args.filter((a) => !TIERS.includes(a))

function findTests(dir) {
  const out = []
  if (!existsSync(dir)) return out
  for (const name of readdirSync(dir)) {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) out.push(...findTests(path))
    else if (name.endsWith('.test.ts')) out.push(relative(root, path))
  }
  return out.sort()
}

function run(cmd, args) {
  const result = spawnSync(cmd, args, { cwd: root, stdio: 'inherit' })
  if (result.status !== 0) process.exit(result.status ?? 1)
}

if (args.length === 0) {
  console.log('type-checking src-shared (pure: no Node, Electron or DOM types) and src-main ...')
  run(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.shared.json'])
  run(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.node.json'])
  console.log('type-checking the renderer (vue-tsc, tsconfig.web.json) ...')
  run(process.execPath, [join(root, 'node_modules/vue-tsc/bin/vue-tsc.js'), '--noEmit', '-p', 'tsconfig.web.json'])
}

// A test file outside every tier would silently never run.
const stray = findTests(join(root, 'test')).filter((f) => !TIERS.some((t) => f.startsWith(`test/${t}/`)))
if (stray.length > 0) {
  console.error(`test files outside test/{${TIERS.join(',')}}/: ${stray.join(', ')}`)
  process.exit(1)
}
const selected = tiers.length > 0 ? tiers : TIERS
const files = selected.flatMap((tier) => findTests(join(root, 'test', tier)))
  .filter((f) => filters.length === 0 || filters.some((s) => f.includes(s)))
if (files.length === 0) {
  console.error('no test files matched')
  process.exit(1)
}
console.log(selected.map((t) => `${t}: ${files.filter((f) => f.startsWith(`test/${t}/`)).length} files`).join(', '))
run(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=2', '--test-reporter=spec', ...files])
