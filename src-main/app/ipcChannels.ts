/**
 * The IPC contract's checks, kept free of Electron so they are tested in Node: channel names carry the single
 * `lab:` prefix and name a LabApi method; only our own pages (the app:// bundle, or the dev server) may call.
 */
import { isLabMethod, LAB_CHANNEL_PREFIX, LAB_EVENT_CHANNEL } from '../../src-shared/api/lab'
import { MAX_JSON_DEPTH, valueNestingDepth } from '../../src-shared/spec/jsonDepth'

/** The custom protocol production pages are served from. */
export const APP_SCHEME = 'app'
export const APP_ORIGIN = `${APP_SCHEME}://renderer`

export function methodChannel(method: string): string {
  return `${LAB_CHANNEL_PREFIX}${method}`
}

/** Is `channel` one the preload may use: `lab:<method>` for a LabApi method, or the event channel? */
export function isLabChannel(channel: string): boolean {
  if (channel === LAB_EVENT_CHANNEL) return true
  return channel.startsWith(LAB_CHANNEL_PREFIX) && isLabMethod(channel.slice(LAB_CHANNEL_PREFIX.length))
}

/** Does an IPC message come from our renderer: the app:// bundle or, in development, electron-vite's dev server? */
export function isTrustedSender(frameUrl: string | undefined, devServerUrl: string | undefined): boolean {
  if (!frameUrl) return false
  let url: URL
  try {
    url = new URL(frameUrl)
  } catch {
    return false
  }
  if (url.protocol === `${APP_SCHEME}:` && url.host === 'renderer') return true
  if (!devServerUrl) return false
  const dev = new URL(devServerUrl)
  return url.origin === dev.origin
}

/** What crosses IPC from a call: a result or an error message (Electron would otherwise wrap errors in noise). */
export type IpcReply = { ok: true; result: unknown } | { ok: false; error: string }

/**
 * The nesting bound HTTP bodies, spec files and `--set` values get, for an IPC payload (a structured clone, so it is
 * measured as a value): a payload nested thousands deep would overflow every recursive walk after it (zod, key checks).
 */
export function ipcPayloadProblem(method: string, payload: unknown): string | null {
  if (valueNestingDepth(payload) <= MAX_JSON_DEPTH) return null
  return `${method}: the request is nested more than ${MAX_JSON_DEPTH} levels deep (or refers to itself)`
}
