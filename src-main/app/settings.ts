/** Desktop settings kept between sessions (window bounds, recent databases) in userData/settings.json. */
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import { z } from 'zod'

const Settings = z.object({
  bounds: z.object({ x: z.number(), y: z.number(), width: z.number().min(400), height: z.number().min(300) }).nullable().default(null),
  maximized: z.boolean().default(false),
  /** Most recent first; the first is opened at start. */
  recentDatabases: z.array(z.string()).default([]),
})
export type Settings = z.infer<typeof Settings>

const MAX_RECENT = 8

export function loadSettings(file: string): Settings {
  try {
    return Settings.parse(JSON.parse(readFileSync(file, 'utf8')))
  } catch {
    // Missing or unreadable settings only cost the remembered bounds: start from defaults.
    return Settings.parse({})
  }
}

export function saveSettings(file: string, settings: Settings): void {
  mkdirSync(dirname(file), { recursive: true })
  writeFileSync(file, JSON.stringify(settings, null, 2))
}

/** Put `db` first in the recent list. */
export function rememberDatabase(settings: Settings, db: string): Settings {
  return { ...settings, recentDatabases: [db, ...settings.recentDatabases.filter((d) => d !== db)].slice(0, MAX_RECENT) }
}
