/** Where the run store lives by default: the desktop app's user-data folder, shared by the CLI (--db, README). */
import { homedir } from 'node:os'
import { join } from 'node:path'

export const APP_NAME = 'impulse-lab'

/** Electron's app.getPath('appData') computed without Electron, so the CLI finds the app's database. */
export function appDataDir(platform: NodeJS.Platform = process.platform, env: NodeJS.ProcessEnv = process.env): string {
  if (platform === 'win32') return env.APPDATA ?? join(homedir(), 'AppData', 'Roaming')
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support')
  return env.XDG_CONFIG_HOME || join(homedir(), '.config')
}

/** Electron's userData for the app name "impulse-lab". */
export function userDataDir(platform: NodeJS.Platform = process.platform, env: NodeJS.ProcessEnv = process.env): string {
  return join(appDataDir(platform, env), APP_NAME)
}

/** `--db` when given, else $IMPULSE_LAB_DB, else the desktop app's database. */
export function defaultDbPath(explicit?: string, env: NodeJS.ProcessEnv = process.env): string {
  if (explicit) return explicit
  if (env.IMPULSE_LAB_DB) return env.IMPULSE_LAB_DB
  return join(userDataDir(process.platform, env), `${APP_NAME}.db`)
}
