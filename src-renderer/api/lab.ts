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
export const isDesktop = window.lab !== undefined
