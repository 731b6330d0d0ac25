// Browser mode under load (loopback): 100 clients, each opening the Reproduce view and then calling the API in a
// loop for a few seconds. Every call is answered within a few seconds (200, or 503 with Retry-After when it would
// have queued too long), none waits on silently.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { createInterface } from 'node:readline'
import { percentile, runLoad } from '../helpers/loadClients'

const ROOT = new URL('../../', import.meta.url).pathname
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
    assert.ok((result.statuses.get(200) ?? 0) >= 0.8 * sorted.length, summary)
  } finally {
    server.kill('SIGTERM')
    await once(server, 'exit')
  }
})
