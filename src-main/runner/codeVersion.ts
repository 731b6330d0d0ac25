/** The code version recorded with every run: the git commit when the sources are a checkout, else the package version. */
import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'

const root = new URL('../../', import.meta.url).pathname
let cached: string | undefined

export function codeVersion(): string {
  if (cached !== undefined) return cached
  const git = spawnSync('git', ['rev-parse', '--short=12', 'HEAD'], { cwd: root, encoding: 'utf8', timeout: 5000 })
  const commit = git.status === 0 ? git.stdout.trim() : ''
  if (commit) cached = commit
  else {
    const pkg = JSON.parse(readFileSync(new URL('package.json', `file://${root}`), 'utf8')) as { version: string }
    cached = pkg.version
  }
  return cached
}
