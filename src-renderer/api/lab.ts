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
    /** The desktop preload's file helper: the path of a picked or dropped file. */
    labFiles?: { pathForFile(file: File): string }
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

/** Where a picked CSV is, for previewDataset / importDataset: a path (desktop), an upload id (browser mode). */
export type CsvSourceRef = { fileName: string } & ({ path: string } | { uploadId: string } | { content: string })

/**
 * The desktop app reads a picked file where it is (its path, through the preload); browser mode streams it to the
 * server once (POST /api/upload) and refers to the upload. Neither turns a large recording into one string.
 */
export async function csvSourceFor(file: File): Promise<CsvSourceRef> {
  if (window.lab) {
    const path = window.labFiles?.pathForFile(file)
    return path ? { fileName: file.name, path } : { fileName: file.name, content: await file.text() }
  }
  const response = await fetch(`${window.location.origin}/api/upload`, { method: 'POST', headers: { 'content-type': 'text/csv' }, body: file })
  const body = (await response.json().catch(() => ({ error: response.statusText }))) as { result?: { uploadId: string }; error?: string }
  if (!response.ok || !body.result) throw new Error(`${file.name}: upload failed (${body.error ?? `HTTP ${response.status}`})`)
  return { fileName: file.name, uploadId: body.result.uploadId }
}
