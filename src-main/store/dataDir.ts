/**
 * The folder beside the database that holds dataset binaries. An import writes `.import-<pid>-<time>.tmp` there and
 * renames it when it lands; a process killed mid-import leaves the temporary file, removed at the next start once
 * its process is gone (a live process's import is left alone).
 */
import { readdirSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { isProcessAlive } from './process'

/** The temporary file an import of this process writes before it lands. */
export function importTempName(pid: number, stamp: string): string {
  return `.import-${pid}-${stamp}.tmp`
}

const TEMP = /^\.import-(\d+)-[0-9a-z]+\.tmp$/

/** Remove temporary import files whose process is gone; returns how many were removed. */
export function removeAbandonedImports(dataDir: string): number {
  let entries: string[]
  try {
    entries = readdirSync(dataDir)
  } catch {
    return 0
  }
  let removed = 0
  for (const name of entries) {
    const match = TEMP.exec(name)
    if (!match || isProcessAlive(Number(match[1]))) continue
    rmSync(join(dataDir, name), { force: true })
    removed++
  }
  return removed
}
