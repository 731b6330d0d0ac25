/**
 * Who may call browser mode's API. The start token opens the page once (query string on an HTML GET); the page then
 * holds it in an HttpOnly SameSite=Strict cookie, or a client sends it as `Authorization: Bearer`. A query token is
 * never accepted on the API itself, so a cross-origin page that learnt the URL cannot launch a sweep with it.
 */
import { timingSafeEqual } from 'node:crypto'
import type { IncomingMessage } from 'node:http'

/** Cookies ignore ports: two servers on one machine need their own names. */
function tokenCookieName(port: number): string {
  return `impulse-lab-token-${port}`
}

export function tokenCookie(port: number, token: string): string {
  return `${tokenCookieName(port)}=${token}; HttpOnly; SameSite=Strict; Path=/`
}

function cookieValue(req: IncomingMessage, name: string): string | null {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=')
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim()
  }
  return null
}

export function tokenMatches(given: string | null, token: Buffer): boolean {
  if (given === null) return false
  const bytes = Buffer.from(given)
  return bytes.length === token.length && timingSafeEqual(bytes, token)
}

/** The bearer header or this server's cookie carries the token. */
export function apiAuthorised(req: IncomingMessage, port: number, token: Buffer): boolean {
  const header = req.headers.authorization ?? ''
  if (header.startsWith('Bearer ') && tokenMatches(header.slice(7), token)) return true
  return tokenMatches(cookieValue(req, tokenCookieName(port)), token)
}

/** A write must say it is JSON: browsers send text/plain cross-origin without a preflight, never application/json. */
export function isJsonRequest(req: IncomingMessage): boolean {
  return /^application\/json\s*(;|$)/i.test(req.headers['content-type'] ?? '')
}
