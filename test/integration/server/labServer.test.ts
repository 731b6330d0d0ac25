// Browser mode's HTTP server: token on every API request (401 without), 127.0.0.1 only, Host checked, payloads
// validated, events over SSE, static files confined to the renderer folder with the CSP header.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { request as httpRequest } from 'node:http'
import { networkInterfaces, tmpdir } from 'node:os'
import { join } from 'node:path'
import { connect } from 'node:net'
import { startLabHost, type LabHost } from '../../../src-main/server/labHost'
import { RENDERER_CSP } from '../../../src-main/security/csp'

let host: LabHost
let dir: string
let base: string

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'impulse-lab-server-'))
  const web = join(dir, 'web')
  mkdirSync(web)
  writeFileSync(join(web, 'index.html'), '<!doctype html><title>Impulse Lab</title>')
  writeFileSync(join(dir, 'secret.txt'), 'outside the renderer folder')
  host = await startLabHost({ dbPath: join(dir, 'lab.db'), staticDir: web, workers: 1 })
  base = `http://127.0.0.1:${host.server.port}`
})
after(async () => {
  await host.close()
  rmSync(dir, { recursive: true, force: true })
})

/** Raw request (fetch would not let us send a foreign Host header or an unnormalised path). */
function raw(path: string, options: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port: host.server.port, path, method: options.method ?? 'GET', headers: options.headers }, (res) => {
      let body = ''
      res.on('data', (chunk) => (body += chunk))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }))
    })
    req.on('error', reject)
    req.end(options.body)
  })
}

const call = (method: string, body: unknown, token: string | null = host.server.token) =>
  fetch(`${base}/api/${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token === null ? {} : { authorization: `Bearer ${token}` }) },
    body: JSON.stringify(body),
  })

test('the printed URL is on 127.0.0.1 with a long random token', () => {
  assert.match(host.server.url, /^http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]{32}$/)
})

test('every API request without the right token gets 401; with it, 200', async () => {
  assert.equal((await call('listPresets', {}, null)).status, 401)
  assert.equal((await call('listPresets', {}, 'wrong')).status, 401)
  assert.equal((await call('listPresets', {}, `${host.server.token}x`)).status, 401)
  assert.equal((await call('nosuchmethod', {}, null)).status, 401)
  assert.equal((await fetch(`${base}/api/events`)).status, 401)
  const ok = await call('listPresets', {})
  assert.equal(ok.status, 200)
  const body = (await ok.json()) as { result: Array<{ id: string }> }
  assert.ok(Array.isArray(body.result))
})

test('the query token only opens the page: it sets an HttpOnly SameSite=Strict cookie the API then accepts', async () => {
  // A cross-origin page knowing the URL could send this no-cors POST; the query token is not accepted on the API.
  assert.equal((await fetch(`${base}/api/appInfo?token=${host.server.token}`, { method: 'POST', body: '{}' })).status, 401)
  assert.equal((await fetch(`${base}/api/events?token=${host.server.token}`)).status, 401)
  assert.equal((await raw('/')).headers['set-cookie'], undefined)
  const page = await raw(`/?token=${host.server.token}`)
  assert.equal(page.status, 200)
  const cookie = String((page.headers['set-cookie'] as string[])[0])
  assert.match(cookie, /HttpOnly/)
  assert.match(cookie, /SameSite=Strict/)
  const pair = cookie.split(';')[0]
  const withCookie = await fetch(`${base}/api/appInfo`, { method: 'POST', headers: { cookie: pair, 'content-type': 'application/json' }, body: '{}' })
  assert.equal(withCookie.status, 200)
  const wrongCookie = pair.replace(/=.*/, '=wrong')
  assert.equal((await fetch(`${base}/api/appInfo`, { method: 'POST', headers: { cookie: wrongCookie, 'content-type': 'application/json' }, body: '{}' })).status, 401)
  const stream = await fetch(`${base}/api/events`, { headers: { cookie: pair } })
  assert.equal(stream.status, 200)
  await stream.body?.cancel()
})

test('writes must be application/json (a text/plain POST is what a cross-origin form or no-cors fetch can send)', async () => {
  const plain = await fetch(`${base}/api/launchSweep`, { method: 'POST', headers: { authorization: `Bearer ${host.server.token}`, 'content-type': 'text/plain' }, body: '{"sweep":{}}' })
  assert.equal(plain.status, 415)
  const none = await raw('/api/appInfo', { method: 'POST', headers: { authorization: `Bearer ${host.server.token}` }, body: '{}' })
  assert.equal(none.status, 415)
})

test('bad payloads and unknown methods are 400 with a message naming the field', async () => {
  const bad = await call('listRuns', { limit: -1 })
  assert.equal(bad.status, 400)
  assert.match(((await bad.json()) as { error: string }).error, /listRuns: limit/)
  const unknown = await call('dropTables', {})
  assert.equal(unknown.status, 400)
  const notJson = await fetch(`${base}/api/listRuns`, { method: 'POST', headers: { authorization: `Bearer ${host.server.token}`, 'content-type': 'application/json' }, body: '{' })
  assert.equal(notJson.status, 400)
  const missing = await call('getRun', { runId: 'r404' })
  assert.equal(missing.status, 404)
})

test('a foreign Host header is refused (DNS rebinding)', async () => {
  const res = await raw('/api/listPresets', { method: 'POST', headers: { host: 'evil.example:80', authorization: `Bearer ${host.server.token}` }, body: '{}' })
  assert.equal(res.status, 403)
  assert.equal((await raw('/', { headers: { host: `localhost:${host.server.port}` } })).status, 200)
})

test('the server listens on 127.0.0.1 only', async (t) => {
  const external = Object.values(networkInterfaces()).flat().find((i) => i && i.family === 'IPv4' && !i.internal)
  if (!external) return t.skip('this machine has no external IPv4 interface to try the port on')
  const refused = await new Promise<boolean>((resolve) => {
    const socket = connect({ host: external.address, port: host.server.port })
    socket.once('connect', () => {
      socket.destroy()
      resolve(false)
    })
    socket.once('error', () => resolve(true))
  })
  assert.ok(refused, `port ${host.server.port} answered on ${external.address}`)
})

test('static files: index with the CSP header, nothing outside the renderer folder', async () => {
  const index = await raw('/')
  assert.equal(index.status, 200)
  assert.equal(index.headers['content-security-policy'], RENDERER_CSP)
  // URL parsing folds /%2e%2e/ into / (so this looks inside the folder); an encoded slash survives parsing and is refused.
  assert.equal((await raw('/%2e%2e/secret.txt')).status, 404)
  assert.equal((await raw('/..%2fsecret.txt')).status, 403)
  assert.equal((await raw('/missing.js')).status, 404)
})

test('progress reaches the browser over server-sent events', async () => {
  const controller = new AbortController()
  const stream = await fetch(`${base}/api/events`, { headers: { authorization: `Bearer ${host.server.token}` }, signal: controller.signal })
  assert.equal(stream.status, 200)
  assert.match(stream.headers.get('content-type') ?? '', /text\/event-stream/)
  const reader = stream.body!.getReader()
  const launched = await call('launchSweep', { sweep: { base: { student: { width: 4 }, stopping: { maxSteps: 50 } } } })
  const { result } = (await launched.json()) as { result: { id: string } }
  let text = ''
  const decoder = new TextDecoder()
  while (!text.includes('"type":"sweep-finished"')) {
    const { value, done } = await reader.read()
    if (done) break
    text += decoder.decode(value)
  }
  controller.abort()
  const events = text.split('\n').filter((l) => l.startsWith('data: ')).map((l) => JSON.parse(l.slice(6)) as { type: string; sweepId: string })
  assert.ok(events.some((e) => e.type === 'run-finished' && e.sweepId === result.id))
  assert.ok(events.some((e) => e.type === 'sweep-finished' && e.sweepId === result.id))
})
