/**
 * Browser mode: the built renderer and LabApi over HTTP on 127.0.0.1, behind a random per-start token.
 * POST /api/<method> (JSON body, `Authorization: Bearer <token>`), GET /api/events?token= (server-sent events).
 * Static files need no token (they hold no data); every /api request without it gets 401.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import { randomBytes, timingSafeEqual } from 'node:crypto'
import { readFile, stat } from 'node:fs/promises'
import { extname, join, normalize, sep } from 'node:path'
import type { AddressInfo } from 'node:net'
import type { LabHandlers, LabEvent, Unsubscribe } from '../../src-shared/api/lab'
import { describeError, dispatchLabCall } from '../lab/dispatch'

export interface LabServerOptions {
  service: LabHandlers
  subscribe(listener: (event: LabEvent) => void): Unsubscribe
  /** Folder holding the built renderer (index.html + assets). */
  staticDir: string
  /** 0 picks a free port. */
  port?: number
  /** Fixed token for tests; a random one otherwise. */
  token?: string
}

export interface LabServer {
  readonly url: string
  readonly token: string
  readonly port: number
  close(): Promise<void>
}

const HOST = '127.0.0.1'
const MAX_BODY_BYTES = 64 * 1024 * 1024
const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
}
/** Same policy as the desktop window: only our own scripts, styles and the API on this origin. */
const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; " +
  "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'"

export async function startLabServer(options: LabServerOptions): Promise<LabServer> {
  const token = options.token ?? randomBytes(24).toString('base64url')
  const tokenBytes = Buffer.from(token)
  const streams = new Set<ServerResponse>()

  function authorised(req: IncomingMessage, url: URL): boolean {
    const header = req.headers.authorization ?? ''
    const given = header.startsWith('Bearer ') ? header.slice(7) : (url.searchParams.get('token') ?? '')
    const bytes = Buffer.from(given)
    return bytes.length === tokenBytes.length && timingSafeEqual(bytes, tokenBytes)
  }

  function sendJson(res: ServerResponse, status: number, body: unknown): void {
    const text = JSON.stringify(body)
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' })
    res.end(text)
  }

  async function readBody(req: IncomingMessage): Promise<unknown> {
    const chunks: Buffer[] = []
    let size = 0
    for await (const chunk of req) {
      size += (chunk as Buffer).length
      if (size > MAX_BODY_BYTES) throw Object.assign(new Error('request body too large'), { status: 413 })
      chunks.push(chunk as Buffer)
    }
    if (size === 0) return {}
    try {
      return JSON.parse(Buffer.concat(chunks).toString('utf8'))
    } catch {
      throw Object.assign(new Error('request body is not valid JSON'), { status: 400 })
    }
  }

  async function serveStatic(res: ServerResponse, pathname: string): Promise<void> {
    const relative = pathname === '/' ? 'index.html' : decodeURIComponent(pathname).replace(/^\/+/, '')
    const file = normalize(join(options.staticDir, relative))
    if (!file.startsWith(normalize(options.staticDir) + sep)) return sendJson(res, 403, { error: 'forbidden' })
    try {
      if (!(await stat(file)).isFile()) throw new Error('not a file')
      const body = await readFile(file)
      const type = MIME[extname(file)] ?? 'application/octet-stream'
      const headers: Record<string, string> = { 'content-type': type, 'x-content-type-options': 'nosniff' }
      if (type.startsWith('text/html')) Object.assign(headers, { 'content-security-policy': CSP, 'cache-control': 'no-store' })
      res.writeHead(200, headers)
      res.end(body)
    } catch {
      sendJson(res, 404, { error: `not found: ${pathname}` })
    }
  }

  function openEventStream(req: IncomingMessage, res: ServerResponse): void {
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' })
    res.write(': connected\n\n')
    streams.add(res)
    req.on('close', () => streams.delete(res))
  }

  const unsubscribe = options.subscribe((event) => {
    const frame = `data: ${JSON.stringify(event)}\n\n`
    for (const res of streams) res.write(frame)
  })
  // Proxies and idle timeouts drop silent streams; a comment line every 15 s keeps them open.
  const keepAlive = setInterval(() => {
    for (const res of streams) res.write(': ping\n\n')
  }, 15_000)
  keepAlive.unref()

  const server = createServer(async (req, res) => {
    const port = (server.address() as AddressInfo).port
    // DNS rebinding: a page on another origin resolving to 127.0.0.1 would send its own Host header.
    const host = req.headers.host ?? ''
    if (host !== `${HOST}:${port}` && host !== `localhost:${port}`) return sendJson(res, 403, { error: 'bad host' })
    const url = new URL(req.url ?? '/', `http://${host}`)
    if (!url.pathname.startsWith('/api/')) {
      if (req.method !== 'GET' && req.method !== 'HEAD') return sendJson(res, 405, { error: 'method not allowed' })
      return serveStatic(res, url.pathname)
    }
    if (!authorised(req, url)) return sendJson(res, 401, { error: 'missing or wrong token' })
    if (url.pathname === '/api/events' && req.method === 'GET') return openEventStream(req, res)
    if (req.method !== 'POST') return sendJson(res, 405, { error: 'method not allowed' })
    const method = url.pathname.slice('/api/'.length)
    try {
      const payload = await readBody(req)
      const result = await dispatchLabCall(options.service, method, payload)
      sendJson(res, 200, { result })
    } catch (error) {
      const { status, message } = describeError(error)
      sendJson(res, status, { error: message })
    }
  })

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, HOST, () => resolve())
  })
  const port = (server.address() as AddressInfo).port
  return {
    url: `http://${HOST}:${port}/?token=${token}`,
    token,
    port,
    async close() {
      clearInterval(keepAlive)
      unsubscribe()
      for (const res of streams) res.end()
      streams.clear()
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}
