/**
 * The LabApi instance the stores use: `window.lab` from Electron's preload, else HTTP against the serving origin.
 * In browser mode the server moved the start token into an HttpOnly cookie when it served this page, so the token is
 * taken out of the address bar (history, screenshots, a copied link) and the requests carry the cookie.
 */
import type { LabApi } from '../../src-shared/api/lab'
import { createHttpLab } from './httpLab'

declare global {
  interface Window {
    lab?: LabApi
  }
}

function forgetTokenInAddressBar(): void {
  const url = new URL(window.location.href)
  if (!url.searchParams.has('token')) return
  url.searchParams.delete('token')
  window.history.replaceState(window.history.state, '', url.pathname + url.search + url.hash)
}

if (!window.lab) forgetTokenInAddressBar()
export const lab: LabApi = window.lab ?? createHttpLab(window.location.origin)

/**
 * Where a CSV to preview or import is: a handle from the desktop menu's dialog (File ▸ Import CSV…), an upload id
 * (browser mode), or the text of a file picked or dropped in the desktop window. Never a path.
 */
export type CsvSourceRef = { fileName: string } & ({ fileHandle: string } | { uploadId: string } | { content: string })

/** Larger files picked or dropped in the desktop window go through File ▸ Import CSV…, which streams from disk. */
const MAX_DESKTOP_CONTENT_BYTES = 256 * 1024 * 1024

/**
 * Browser mode streams a picked file to the server once (POST /api/upload) and refers to the upload; the desktop app
 * sends a picked or dropped file's text (the renderer is never given paths to send back).
 */
export async function csvSourceFor(file: File): Promise<CsvSourceRef> {
  if (window.lab) {
    if (file.size > MAX_DESKTOP_CONTENT_BYTES) throw new Error(`${file.name}: too large to drop (${Math.round(file.size / 2 ** 20)} MB); use File ▸ Import CSV…, which reads it from disk`)
    return { fileName: file.name, content: await file.text() }
  }
  const response = await fetch(`${window.location.origin}/api/upload`, { method: 'POST', headers: { 'content-type': 'text/csv' }, body: file })
  const body = (await response.json().catch(() => ({ error: response.statusText }))) as { result?: { uploadId: string }; error?: string }
  if (!response.ok || !body.result) throw new Error(`${file.name}: upload failed (${body.error ?? `HTTP ${response.status}`})`)
  return { fileName: file.name, uploadId: body.result.uploadId }
}
