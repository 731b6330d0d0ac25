/**
 * The desktop window's navigation and link policy as pure functions (Electron-free, so Node tests cover them): the
 * page may only move within the app; a link leaves for the system browser only over https, at once for the hosts of
 * the papers and code the lab cites, and only after the user agrees for any other host.
 */
import { APP_ORIGIN } from '../app/ipcChannels'

/** Hosts (and their subdomains) whose https links open without asking. */
export const KNOWN_LINK_HOSTS: readonly string[] = ['arxiv.org', 'openreview.net', 'proceedings.mlr.press', 'proceedings.neurips.cc', 'papers.nips.cc', 'doi.org', 'github.com']

function parse(url: string): URL | null {
  try {
    return new URL(url)
  } catch {
    return null
  }
}

/** May a frame navigate (or be redirected) to `url`: the app bundle, or in development the dev server's origin. */
export function isAppNavigation(url: string, devServerUrl: string | undefined): boolean {
  const target = parse(url)
  if (!target) return false
  if (`${target.protocol}//${target.host}` === APP_ORIGIN) return true
  const dev = devServerUrl ? parse(devServerUrl) : null
  return dev !== null && target.origin === dev.origin
}

export type ExternalLinkDecision = 'open' | 'ask' | 'refuse'

/** What to do with a link the page wants opened outside: known https host → open, other https → ask, else refuse. */
export function externalLinkDecision(url: string): ExternalLinkDecision {
  const target = parse(url)
  if (!target || target.protocol !== 'https:' || target.username || target.password) return 'refuse'
  const host = target.hostname.toLowerCase()
  return KNOWN_LINK_HOSTS.some((known) => host === known || host.endsWith(`.${known}`)) ? 'open' : 'ask'
}

/** Developer tools belong to development builds only: the production menu has no toggle. */
export function developerMenuRoles(packaged: boolean): Array<'reload' | 'toggleDevTools'> {
  return packaged ? ['reload'] : ['reload', 'toggleDevTools']
}
