// Browser mode under load (loopback): 100 clients, each opening the Reproduce view and then calling the API in a
// loop for a few seconds. Every call is answered within a few seconds (200, or 503 with Retry-After when it would
// have queued too long), none waits on silently.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { connect, type Socket } from 'node:net'
import { createInterface } from 'node:readline'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { percentile, runLoad } from '../../helpers/loadClients'
import { startLabServer } from '../../../src-main/server/labServer'

const ROOT = new URL('../../../', import.meta.url).pathname
/** The bound a user notices as "no answer"; the server sheds calls queued for 2 s, so answers come well before. */
const MAX_LATENCY_MS = 5000

test('100 concurrent clients for 3 s: every call answered within 5 s, most of them 200', { timeout: 90_000 }, async (t) => {
  const started = performance.now()
  const server = spawn(process.execPath, ['--import', 'tsx', 'test/helpers/loadServer.ts'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] })
  try {
    const [line] = (await once(createInterface({ input: server.stdout! }), 'line')) as [string]
    const [port, token] = line.split(' ')
    t.diagnostic(`server up after ${(performance.now() - started).toFixed(0)} ms`)
    const result = await runLoad({
      port: Number(port),
      token,
      clients: 100,
      seconds: 3,
      timeoutMs: 15_000,
      first: { method: 'reproduction', body: { scale: 'quick' } },
      calls: [
        { method: 'listRuns', body: { limit: 50 } },
        { method: 'listSweeps', body: {} },
        { method: 'appInfo', body: {} },
        { method: 'listPresets', body: {} },
      ],
    })
    const sorted = [...result.latenciesMs].sort((a, b) => a - b)
    const summary = `${sorted.length} answers, statuses ${JSON.stringify(Object.fromEntries(result.statuses))}, p99 ${percentile(sorted, 0.99).toFixed(0)} ms, max ${sorted.at(-1)!.toFixed(0)} ms, ${result.unanswered} unanswered`
    t.diagnostic(summary)
    assert.equal(result.unanswered, 0, summary)
    assert.ok(sorted.at(-1)! < MAX_LATENCY_MS, summary)
    assert.deepEqual([...result.statuses.keys()].filter((s) => s !== 200 && s !== 503), [], summary)
    assert.equal(result.busyWithoutRetryAfter, 0, summary)
    // A 503 with Retry-After is an answer (the server shedding a queue it cannot work through in time); most are 200.
    assert.ok((result.statuses.get(200) ?? 0) >= 0.5 * sorted.length, summary)
  } finally {
    server.kill('SIGTERM')
    await once(server, 'exit')
  }
})

test('a call that queued past the limit behind slow ones is answered 503 with Retry-After, not left waiting', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'impulse-lab-shed-'))
  // appInfo stands in for any call that holds the thread: 40 ms of synchronous work each.
  const service = {
    app: {
      async appInfo() {
        const until = performance.now() + 40
        while (performance.now() < until);
        return { version: 'test', mode: 'browser', dbPath: '', workers: 1 }
      },
    },
  }
  const server = await startLabServer({ service: service as never, subscribe: () => () => {}, staticDir: dir, maxQueueMs: 200 })
  try {
    // 30 connections first, then all 30 calls written at once: the server finds them together and works through them.
    const sockets = await Promise.all(Array.from({ length: 30 }, () => new Promise<Socket>((resolve) => { const s = connect(server.port, '127.0.0.1', () => resolve(s)) })))
    // Give the server time to accept them all, so the calls arrive on sockets it is already reading.
    await new Promise((resolve) => setTimeout(resolve, 300))
    const started = performance.now()
    const answers = sockets.map((socket) => new Promise<{ status: number; retryAfter: boolean; ms: number }>((resolve) => {
      let text = ''
      socket.on('data', (chunk) => {
        text += chunk
        if (text.includes('\r\n\r\n')) resolve({ status: Number(text.split(' ')[1]), retryAfter: /^retry-after: 1\r$/im.test(text), ms: performance.now() - started })
      })
    }))
    const request = `POST /api/appInfo HTTP/1.1\r\nhost: 127.0.0.1:${server.port}\r\nauthorization: Bearer ${server.token}\r\ncontent-type: application/json\r\ncontent-length: 2\r\n\r\n{}`
    for (const socket of sockets) socket.write(request)
    // 1.2 s of work if all ran; once the loop has been busy 200 ms, the rest are refused at once instead.
    const results = await Promise.all(answers)
    for (const socket of sockets) socket.destroy()
    const busy = results.filter((a) => a.status === 503)
    assert.ok(results.filter((a) => a.status === 200).length >= 3, JSON.stringify(results))
    assert.ok(busy.length >= 10, JSON.stringify(results))
    assert.ok(busy.every((a) => a.retryAfter), JSON.stringify(busy))
    assert.ok(Math.max(...results.map((a) => a.ms)) < 1000, `the queue is cut, not worked through: ${JSON.stringify(results)}`)
  } finally {
    await server.close()
    rmSync(dir, { recursive: true, force: true })
  }
})
