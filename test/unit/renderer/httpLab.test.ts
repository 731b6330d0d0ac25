// The browser-mode client: a call the server refuses as busy (503) is sent again; other errors are not.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { createHttpLab, retryAfterMs } from '../../../src-renderer/api/httpLab'

/** A loopback server answering each POST with the next of `answers` (status, body); it records the bodies it got. */
async function serve(answers: Array<[number, unknown]>): Promise<{ origin: string; bodies: string[]; server: Server }> {
  const bodies: string[] = []
  const server = createServer((req, res) => {
    let body = ''
    req.on('data', (chunk) => (body += chunk))
    req.on('end', () => {
      bodies.push(body)
      const [status, answer] = answers[Math.min(bodies.length - 1, answers.length - 1)]
      res.writeHead(status, { 'content-type': 'application/json', ...(status === 503 ? { 'retry-after': '0.1' } : {}) })
      res.end(JSON.stringify(answer))
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return { origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, bodies, server }
}

test('a call refused as busy is sent again and answers once the server takes it', async () => {
  const { origin, bodies, server } = await serve([[503, { error: 'the server is busy; try again shortly' }], [503, { error: 'busy' }], [200, { result: ['s1'] }]])
  try {
    const lab = createHttpLab(origin)
    assert.deepEqual(await lab.listSweeps({ trash: false }), ['s1'])
    assert.equal(bodies.length, 3)
    assert.ok(bodies.every((b) => b === '{"trash":false}'), 'the same request each time')
  } finally {
    server.closeAllConnections()
    server.close()
  }
})

test('a server busy past the attempts gives its error; a refusal other than 503 is not repeated', async () => {
  const busy = await serve([[503, { error: 'the server is busy; try again shortly' }]])
  try {
    await assert.rejects(createHttpLab(busy.origin).listSweeps({ trash: false }), /the server is busy/)
    assert.equal(busy.bodies.length, 6)
  } finally {
    busy.server.closeAllConnections()
    busy.server.close()
  }
  const bad = await serve([[400, { error: 'trash: expected boolean' }]])
  try {
    await assert.rejects(createHttpLab(bad.origin).listSweeps({ trash: 'no' } as never), /trash: expected boolean/)
    assert.equal(bad.bodies.length, 1)
  } finally {
    bad.server.closeAllConnections()
    bad.server.close()
  }
})

test('Retry-After is read in seconds and kept within 0.1–5 s', () => {
  assert.deepEqual([null, '0', '0.1', '2', '60', 'soon'].map(retryAfterMs), [1000, 100, 100, 2000, 5000, 1000])
})
