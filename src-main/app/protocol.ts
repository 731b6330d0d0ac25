/** Production pages come from app://renderer/…, mapped onto the built renderer folder, with the strict CSP header. */
import { net, protocol } from 'electron'
import { join, normalize, sep } from 'node:path'
import { pathToFileURL } from 'node:url'
import { APP_SCHEME } from './ipcChannels'
import { RENDERER_CSP } from '../security/csp'

export const CSP = RENDERER_CSP

/** Must run before app.whenReady(): app:// behaves like https (standard, secure, fetch). */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true } }])
}

export function serveRenderer(rendererDir: string): void {
  const root = normalize(rendererDir)
  protocol.handle(APP_SCHEME, async (request) => {
    const url = new URL(request.url)
    const relative = decodeURIComponent(url.pathname === '/' ? '/index.html' : url.pathname)
    const file = normalize(join(root, relative))
    if (url.host !== 'renderer' || !file.startsWith(root + sep)) return new Response('forbidden', { status: 403 })
    const response = await net.fetch(pathToFileURL(file).toString())
    const headers = new Headers(response.headers)
    headers.set('Content-Security-Policy', CSP)
    return new Response(response.body, { status: response.status, headers })
  })
}
