// Hostile requests against browser mode: malformed targets and encodings, odd methods and headers, broken and
// oversized bodies, concurrent large bodies. The server must answer every request with an HTTP status and stay up.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { connect } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startLabHost, type LabHost } from '../../../src-main/server/labHost'
import { startLabServer } from '../../../src-main/server/labServer'
import { Rng } from '../../../src-shared/engine/prng'

let host: LabHost
let dir: string

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'impulse-lab-fuzz-'))
  const web = join(dir, 'web')
  mkdirSync(join(web, 'assets'), { recursive: true })
  writeFileSync(join(web, 'index.html'), '<!doctype html><title>Impulse Lab</title>')
  host = await startLabHost({ dbPath: join(dir, 'lab.db'), staticDir: web, workers: 1 })
})
after(async () => {
  await host.close()
  rmSync(dir, { recursive: true, force: true })
})

/** Send raw bytes on a fresh socket; resolve with the status line's code, or 0 when the server closed without one. */
function rawRequest(bytes: string | Buffer): Promise<number> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port: host.server.port })
    let reply = ''
    socket.setTimeout(1500, () => socket.destroy())
    socket.on('data', (chunk) => {
      reply += chunk.toString('latin1')
      if (/\r\n\r\n/.test(reply)) socket.destroy()
    })
    socket.on('error', () => undefined)
    socket.on('close', () => resolve(Number(/^HTTP\/1\.[01] (\d{3})/.exec(reply)?.[1] ?? 0)))
    socket.write(bytes)
  })
}

function request(method: string, target: string, headers: Record<string, string> = {}, body = ''): Promise<number> {
  const all = { host: `127.0.0.1:${host.server.port}`, connection: 'close', ...(body ? { 'content-length': String(Buffer.byteLength(body)) } : {}), ...headers }
  const head = Object.entries(all).map(([k, v]) => `${k}: ${v}`).join('\r\n')
  return rawRequest(`${method} ${target} HTTP/1.1\r\n${head}\r\n\r\n${body}`)
}

async function stillUp(): Promise<void> {
  const res = await fetch(`http://127.0.0.1:${host.server.port}/api/appInfo`, {
    method: 'POST',
    headers: { authorization: `Bearer ${host.server.token}`, 'content-type': 'application/json' },
    body: '{}',
  })
  assert.equal(res.status, 200, 'the server stopped answering')
}

const TARGETS = [
  '/%', '/%zz', '/%c0', '/%c0%af', '/%ff%fe', '/assets/%', '/assets/%zz', '//[', '//', '///etc/passwd', '/%00', '/a%00.js',
  '/..', '/../..', '/%2e%2e/%2e%2e/', '/..%2f..%2fsecret', '/%5c..%5c', '/index.html?%', '/?token=%', '/?token=%zz',
  '/api/%', '/api/%zz', '/api/%c0', '/api/', '/api/..', '/api/events?token=%', '/api//', `/${'a'.repeat(8000)}`,
  '/assets/' + '%41'.repeat(2000), '/\u00e9', '*', 'http://evil.example/', 'http://127.0.0.1/', '/#frag', '/?a=1&a=2&token',
]
const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'OPTIONS', 'PATCH', 'TRACE', 'CONNECT', 'BREW']

test('malformed request targets and encodings get a 4xx answer with every method, and the server stays up', async () => {
  let sent = 0
  for (const target of TARGETS) {
    for (const method of METHODS) {
      const status = await request(method, target)
      sent++
      assert.ok(status === 0 || (status >= 200 && status < 600), `${method} ${target}: no HTTP answer`)
      assert.ok(status < 500, `${method} ${target}: ${status}`)
    }
  }
  await stillUp()
  assert.equal(sent, TARGETS.length * METHODS.length)
})

const auth = () => ({ authorization: `Bearer ${host.server.token}` })
const BODIES = ['', '{', '[]', 'null', '1e999', '"x"', '{"__proto__":{"status":1}}', '{"constructor":{"prototype":{"x":1}}}',
  '{"sweep":"x"}', '{"sweep":{"base":{"student":{"width":"x"}}}}', '\u0000\u0001', '\xff\xfe', '{"runId":' + '['.repeat(5000) + ']'.repeat(5000) + '}']
const METHOD_NAMES = ['appInfo', 'getRun', 'launchSweep', 'planSweep', 'previewDataset', 'importDataset', 'compare', '__proto__', 'constructor', 'toString', 'hasOwnProperty', '']

test('broken bodies on every API method get a 4xx answer; no request turns into a 500', async () => {
  let sent = 0
  for (const method of METHOD_NAMES) {
    for (const body of BODIES) {
      const status = await request('POST', `/api/${method}`, { ...auth(), 'content-type': 'application/json' }, body)
      sent++
      assert.ok(status >= 200 && status < 500, `POST /api/${method} ${JSON.stringify(body.slice(0, 40))}: ${status}`)
    }
  }
  await stillUp()
  assert.equal(sent, METHOD_NAMES.length * BODIES.length)
})

test('odd headers and framing: each gets an HTTP answer or a closed socket, never a dead server', async () => {
  const cases: Array<string | Buffer> = [
    'GET / HTTP/1.1\r\n\r\n',
    `GET / HTTP/1.1\r\nhost: evil\r\n\r\n`,
    `GET / HTTP/1.1\r\nhost: 127.0.0.1:${host.server.port}\r\nhost: 127.0.0.1:1\r\n\r\n`,
    `POST /api/appInfo HTTP/1.1\r\nhost: 127.0.0.1:${host.server.port}\r\ncontent-length: -1\r\n\r\n`,
    `POST /api/appInfo HTTP/1.1\r\nhost: 127.0.0.1:${host.server.port}\r\ncontent-length: 99999999999\r\nauthorization: Bearer ${host.server.token}\r\ncontent-type: application/json\r\n\r\n{}`,
    `POST /api/appInfo HTTP/1.1\r\nhost: 127.0.0.1:${host.server.port}\r\ntransfer-encoding: chunked\r\ncontent-length: 2\r\n\r\n{}`,
    `POST /api/appInfo HTTP/1.1\r\nhost: 127.0.0.1:${host.server.port}\r\ntransfer-encoding: chunked\r\n\r\nzz\r\n\r\n`,
    `GET / HTTP/1.1\r\nhost: 127.0.0.1:${host.server.port}\r\nx: ${'a'.repeat(20000)}\r\n\r\n`,
    `GET / HTTP/1.1\r\nhost: 127.0.0.1:${host.server.port}\r\nbad header\r\n\r\n`,
    `GET / HTTP/9.9\r\nhost: 127.0.0.1:${host.server.port}\r\n\r\n`,
    'GARBAGE\r\n\r\n',
    Buffer.from([0x16, 0x03, 0x01, 0x00, 0xa5, 0x01, 0x00]),
    `GET /api/events HTTP/1.1\r\nhost: 127.0.0.1:${host.server.port}\r\nauthorization: Bearer\r\n\r\n`,
    `GET /api/events HTTP/1.1\r\nhost: 127.0.0.1:${host.server.port}\r\ncookie: ;;==;impulse-lab-token-${host.server.port}\r\n\r\n`,
    `POST /api/appInfo HTTP/1.1\r\nhost: 127.0.0.1:${host.server.port}\r\nauthorization: Bearer ${host.server.token}\r\ncontent-type: application/json\r\ncontent-length: 10\r\n\r\n{}`,
    `POST /api/upload HTTP/1.1\r\nhost: 127.0.0.1:${host.server.port}\r\nauthorization: Bearer ${host.server.token}\r\ncontent-type: text/csv\r\ncontent-length: 5\r\n\r\na,b\n`,
  ]
  for (const bytes of cases) {
    const status = await rawRequest(bytes)
    assert.ok(status === 0 || (status >= 200 && status < 500), `${String(bytes).slice(0, 60)}: ${status}`)
  }
  await stillUp()
})

test('random bytes in the target, headers and body (seeded, 300 requests): every one answered, the server stays up', async () => {
  const rng = new Rng(19)
  const random = () => rng.uniform()
  const pick = (s: string) => s[Math.floor(random() * s.length)]
  const alphabet = '%/\\.?#&=[]{}:@!$\'()*+,;azAZ09-_~ \t\u00e9\u0000\u007f'
  let answered = 0
  for (let i = 0; i < 300; i++) {
    const target = '/' + Array.from({ length: 1 + Math.floor(random() * 30) }, () => pick(alphabet)).join('').replace(/[ \t\r\n]/g, '%20')
    const api = random() < 0.5 ? '/api' : ''
    const body = Array.from({ length: Math.floor(random() * 60) }, () => pick('{}[]":,0123456789aeflnrstu\\')).join('')
    const status = await request(random() < 0.7 ? 'POST' : 'GET', api + target, { ...auth(), 'content-type': random() < 0.8 ? 'application/json' : 'text/plain' }, body)
    if (status > 0) answered++
    assert.ok(status < 500, `${api + target} ${JSON.stringify(body)}: ${status}`)
  }
  assert.ok(answered >= 290, `only ${answered} of 300 got an HTTP answer`)
  await stillUp()
})

test('concurrent large bodies stay within the memory budget: past it a request is refused with 503, not buffered', async () => {
  const mb = 1024 * 1024
  const small = await startLabServer({ service: host.service, subscribe: () => () => {}, staticDir: dir, maxBodyBytes: 2 * mb, bodyBudgetBytes: 3 * mb })
  const head = (length: number) =>
    `POST /api/appInfo HTTP/1.1\r\nhost: 127.0.0.1:${small.port}\r\nauthorization: Bearer ${small.token}\r\ncontent-type: application/json\r\ncontent-length: ${length}\r\n\r\n`
  // Two uploads of 2 MB each stall after 1.5 MB: 3 MB of the budget held.
  const stalled = [0, 1].map(() => {
    const socket = connect({ host: '127.0.0.1', port: small.port })
    socket.on('error', () => undefined)
    socket.write(head(2 * mb) + ' '.repeat(1.5 * mb))
    return socket
  })
  try {
    await new Promise((r) => setTimeout(r, 500))
    const third = await fetch(`http://127.0.0.1:${small.port}/api/appInfo`, { method: 'POST', headers: { authorization: `Bearer ${small.token}`, 'content-type': 'application/json' }, body: '{' + ' '.repeat(mb) + '}' })
    assert.equal(third.status, 503)
    assert.match(((await third.json()) as { error: string }).error, /reading other large requests/)
    for (const socket of stalled) socket.destroy()
    await new Promise((r) => setTimeout(r, 200))
    // Once they are gone the budget is free again.
    const after = await fetch(`http://127.0.0.1:${small.port}/api/appInfo`, { method: 'POST', headers: { authorization: `Bearer ${small.token}`, 'content-type': 'application/json' }, body: '{' + ' '.repeat(mb) + '}' })
    assert.equal(after.status, 200)
    const tooBig = await fetch(`http://127.0.0.1:${small.port}/api/appInfo`, { method: 'POST', headers: { authorization: `Bearer ${small.token}`, 'content-type': 'application/json' }, body: ' '.repeat(3 * mb) })
    assert.equal(tooBig.status, 413)
  } finally {
    for (const socket of stalled) socket.destroy()
    await small.close()
  }
  await stillUp()
})
