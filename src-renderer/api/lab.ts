/**
 * The LabApi instance the stores use: `window.lab` from Electron's preload, else HTTP against the serving origin
 * with the token from the page URL (kept in sessionStorage so a reload without it still works).
 */
import type { LabApi } from '../../src-shared/api/lab'
import { createHttpLab } from './httpLab'

declare global {
  interface Window {
    lab?: LabApi
  }
}

function browserToken(): string {
  const fromUrl = new URLSearchParams(window.location.search).get('token')
  if (fromUrl) sessionStorage.setItem('impulse-lab-token', fromUrl)
  return fromUrl ?? sessionStorage.getItem('impulse-lab-token') ?? ''
}

export const lab: LabApi = window.lab ?? createHttpLab(window.location.origin, browserToken())
export const isDesktop = window.lab !== undefined
