/**
 * Browser mode: the built renderer and LabApi over HTTP on 127.0.0.1, behind a random per-start token.
 * POST /api/<method> (JSON body), POST /api/upload (a CSV streamed to a temporary file), GET /api/events
 * (server-sent events). The token opens the page once and then lives in a cookie (see serverAuth.ts). No request,
 * however malformed, can stop the server: every failure becomes a 4xx/5xx answer.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import { randomBytes } from 'node:crypto'
import { mkdtempSync, readFile, rmSync, stat } from 'node:fs'
import { promisify } from 'node:util'
import { tmpdir } from 'node:os'
import { extname, join, normalize, sep } from 'node:path'
import type { AddressInfo } from 'node:net'
import type { LabHandlers, LabEvent, Unsubscribe } from '../../src-shared/api/lab'
import { describeError, dispatchLabCall } from '../lab/dispatch'
import { apiAuthorised, isJsonRequest, tokenCookie, tokenMatches } from './serverAuth'
import { BodyBudget, HttpError, parseJsonBody } from './requestBody'
import { RENDERER_CSP } from '../security/csp'
import { isBusy } from '../store/busy'
import { setTimeout as sleep } from 'node:timers/promises'

interface LabServerOptions {
  service: LabHandlers
  subscribe(listener: (event: LabEvent) => void): Unsubscribe
  /** Folder holding the built renderer (index.html + assets). */
  staticDir: string
  /** 0 picks a free port. */
  port?: number
  /** Fixed token for tests; a random one otherwise. */
  token?: string
  /** Where uploaded CSVs are written; the service reads them by upload id (default: a fresh temporary folder). */
  uploadDir?: string
  /** Largest JSON body, and all JSON bodies being read at once (defaults below; tests use small ones). */
  maxBodyBytes?: number
  bodyBudgetBytes?: number
  /** A call that waited longer than this behind others is answered 503 (default below; tests use small ones). */
  maxQueueMs?: number
  /**
   * Runs a call's synchronous part; browser mode passes the store's failFastOnLocks, so no request waits on the main
   * thread for another process's write lock (it gets SQLITE_BUSY and is retried asynchronously).
   */
  lockScope?: <T>(call: () => T) => T
  /** How long a call refused by a locked store is retried before the answer is 503 with Retry-After (default 10 s). */
  busyRetryMs?: number
}

export interface LabServer {
  readonly url: string
  readonly token: string
  readonly port: number
  /** Folder of uploaded files, by upload id (`<id>.csv`). */
  readonly uploadDir: string
  close(): Promise<void>
}

const HOST = '127.0.0.1'
const MAX_BODY_BYTES = 64 * 1024 * 1024
/** All JSON bodies being read at once: two maximal ones, not four (each costs ~3× its size once parsed). */
const BODY_BUDGET_BYTES = 2 * MAX_BODY_BYTES
const MAX_UPLOAD_BYTES = 4 * 1024 * 1024 * 1024
/**
 * Under load, calls queue on the one thread (in the sockets, unseen, while the loop works through the ones before):
 * once the loop has not come up for air this long, the calls it reaches are answered 503 with Retry-After at once
 * rather than after everything before them, so no client waits long without an answer.
 */
const MAX_QUEUE_MS = 2000
/** Pending connections the kernel may hold for us (capped by net.core.somaxconn): bursts of clients are not dropped. */
const LISTEN_BACKLOG = 4096
/** A client that has not sent its request headers by then is answered 408 and closed. */
const HEADERS_TIMEOUT_MS = 20_000
const BUSY_RETRY_MS = 10_000
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
const CSP = RENDERER_CSP

const readFileAsync = promisify(readFile)
const statAsync = promisify(stat)

/** The request target as a path and query, or null when it is not one (`//[`, `*`, an absolute URL to elsewhere). */
function parseTarget(target: string): URL | null {
  if (!target.startsWith('/') || target.startsWith('//')) return null
  try {
    return new URL(target, `http://${HOST}`)
  } catch {
    return null
  }
}

function decodePath(pathname: string): string | null {
  try {
    return decodeURIComponent(pathname)
  } catch {
    return null
  }
}

export async function startLabServer(options: LabServerOptions): Promise<LabServer> {
  const token = options.token ?? randomBytes(24).toString('base64url')
  const tokenBytes = Buffer.from(token)
  const streams = new Set<ServerResponse>()
  const bodies = new BodyBudget(options.maxBodyBytes ?? MAX_BODY_BYTES, options.bodyBudgetBytes ?? BODY_BUDGET_BYTES)
  const ownUploadDir = options.uploadDir === undefined
  const uploadDir = options.uploadDir ?? mkdtempSync(join(tmpdir(), 'impulse-lab-uploads-'))
  let port = 0

  function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
    if (res.headersSent) return void res.end()
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...headers })
    res.end(JSON.stringify(body))
  }

  async function serveStatic(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const decoded = url.pathname === '/' ? 'index.html' : decodePath(url.pathname)
    if (decoded === null || decoded.includes('\0')) return sendJson(res, 400, { error: 'malformed path' })
    const file = normalize(join(options.staticDir, decoded.replace(/^\/+/, '')))
    if (!file.startsWith(normalize(options.staticDir) + sep)) return sendJson(res, 403, { error: 'forbidden' })
    let body: Buffer
    try {
      if (!(await statAsync(file)).isFile()) throw new Error('not a file')
      body = await readFileAsync(file)
    } catch {
      return sendJson(res, 404, { error: 'not found' })
    }
    const type = MIME[extname(file)] ?? 'application/octet-stream'
    const headers: Record<string, string> = { 'content-type': type, 'x-content-type-options': 'nosniff' }
    if (type.startsWith('text/html')) {
      Object.assign(headers, { 'content-security-policy': CSP, 'cache-control': 'no-store', 'referrer-policy': 'no-referrer' })
      // Opening the printed URL: the token moves into a cookie the page's own requests carry.
      if (tokenMatches(url.searchParams.get('token'), tokenBytes)) headers['set-cookie'] = tokenCookie(port, token)
    }
    res.writeHead(200, headers)
    res.end(req.method === 'HEAD' ? undefined : body)
  }

  function openEventStream(req: IncomingMessage, res: ServerResponse): void {
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' })
    res.write(': connected\n\n')
    streams.add(res)
    req.on('close', () => streams.delete(res))
  }

  async function receiveUpload(req: IncomingMessage, res: ServerResponse): Promise<void> {
    // text/csv is not a type a cross-origin page may send without a preflight we never answer.
    if (!/^text\/csv\s*(;|$)/i.test(req.headers['content-type'] ?? '')) throw new HttpError(415, 'an upload must be sent as text/csv')
    const uploadId = randomBytes(12).toString('hex')
    const file = join(uploadDir, `${uploadId}.csv`)
    try {
      const bytes = await bodies.toFile(req, file, MAX_UPLOAD_BYTES)
      sendJson(res, 200, { result: { uploadId, bytes } })
    } catch (error) {
      rmSync(file, { force: true })
      throw error
    }
  }

  async function handle(req: IncomingMessage, res: ServerResponse, arrived: number): Promise<void> {
    // DNS rebinding: a page on another origin resolving to 127.0.0.1 would send its own Host header.
    const host = req.headers.host ?? ''
    if (host !== `${HOST}:${port}` && host !== `localhost:${port}`) return sendJson(res, 403, { error: 'bad host' })
    const url = parseTarget(req.url ?? '')
    if (!url) return sendJson(res, 400, { error: 'malformed request target' })
    if (!url.pathname.startsWith('/api/')) {
      if (req.method !== 'GET' && req.method !== 'HEAD') return sendJson(res, 405, { error: 'method not allowed' })
      return serveStatic(req, res, url)
    }
    if (!apiAuthorised(req, port, tokenBytes)) return sendJson(res, 401, { error: 'missing or wrong token' })
    if (url.pathname === '/api/events' && req.method === 'GET') return openEventStream(req, res)
    if (req.method !== 'POST') return sendJson(res, 405, { error: 'method not allowed' })
    if (url.pathname === '/api/upload') return receiveUpload(req, res)
    if (!isJsonRequest(req)) throw new HttpError(415, 'API calls must be sent as application/json')
    const payload = parseJsonBody(await bodies.read(req))
    const now = performance.now()
    if (now - arrived > maxQueueMs || now - loopLastFree > maxQueueMs) throw new HttpError(503, 'the server is busy; try again shortly')
    const result = await callService(url.pathname.slice('/api/'.length), payload)
    sendJson(res, 200, { result })
  }

  /** A service call; while another process holds the store's write lock it is tried again (async pauses), then 503. */
  async function callService(method: string, payload: unknown): Promise<unknown> {
    const scope = options.lockScope ?? (<T>(call: () => T) => call())
    const giveUpAt = Date.now() + (options.busyRetryMs ?? BUSY_RETRY_MS)
    for (let pause = 20; ; pause = Math.min(2 * pause, 500)) {
      try {
        return await scope(() => dispatchLabCall(options.service, method, payload))
      } catch (error) {
        if (!isBusy(error)) throw error
        if (Date.now() + pause > giveUpAt) throw new HttpError(503, 'the lab\'s database is locked by another process; try again shortly', { 'retry-after': '2' })
        await sleep(pause)
      }
    }
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
  // When the loop last reached its timers: a call handled long after that has been queued behind the work since.
  let loopLastFree = performance.now()
  const loopBeat = setInterval(() => (loopLastFree = performance.now()), 50)
  loopBeat.unref()

  const maxQueueMs = options.maxQueueMs ?? MAX_QUEUE_MS
  const server = createServer((req, res) => {
    handle(req, res, performance.now()).catch((error: unknown) => {
      const { status, message } = error instanceof HttpError ? error : describeError(error)
      const headers = error instanceof HttpError ? error.headers : {}
      // A body we stopped reading is discarded, so the connection can answer and close cleanly.
      if (!req.complete) {
        req.resume()
        res.setHeader('connection', 'close')
      }
      sendJson(res, status, { error: message }, status === 503 ? { 'retry-after': '1', ...headers } : headers)
    })
  })
  server.headersTimeout = HEADERS_TIMEOUT_MS
  server.on('clientError', (_error, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nconnection: close\r\n\r\n')
    else socket.destroy()
  })

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen({ port: options.port ?? 0, host: HOST, backlog: LISTEN_BACKLOG }, () => resolve())
  })
  port = (server.address() as AddressInfo).port
  return {
    url: `http://${HOST}:${port}/?token=${token}`,
    token,
    port,
    uploadDir,
    async close() {
      clearInterval(keepAlive)
      clearInterval(loopBeat)
      unsubscribe()
      for (const res of streams) res.end()
      streams.clear()
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
      if (ownUploadDir) rmSync(uploadDir, { recursive: true, force: true })
    },
  }
}
