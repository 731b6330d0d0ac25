/** Closed-loop HTTP load: N keep-alive clients, each calling the lab API one call after another for a while. */
import { Agent, request } from 'node:http'

export interface LoadResult {
  latenciesMs: number[]
  statuses: Map<number, number>
  /** Calls with no answer within the client timeout (or a dropped connection). */
  unanswered: number
  /** 503 answers without a Retry-After header. */
  busyWithoutRetryAfter: number
}

interface LoadOptions {
  port: number
  token: string
  clients: number
  seconds: number
  timeoutMs: number
  /** The calls client i makes, in order, round and round; `first` once at its start. */
  first?: { method: string; body: unknown }
  calls: Array<{ method: string; body: unknown }>
}

export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: options.clients })
  const result: LoadResult = { latenciesMs: [], statuses: new Map(), unanswered: 0, busyWithoutRetryAfter: 0 }
  const end = Date.now() + options.seconds * 1000
  const call = ({ method, body }: { method: string; body: unknown }) =>
    new Promise<void>((resolve) => {
      const payload = JSON.stringify(body)
      const started = performance.now()
      const headers = { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload), authorization: `Bearer ${options.token}` }
      const req = request({ host: '127.0.0.1', port: options.port, path: `/api/${method}`, method: 'POST', agent, headers }, (res) => {
        res.resume()
        res.on('end', () => {
          result.latenciesMs.push(performance.now() - started)
          result.statuses.set(res.statusCode!, (result.statuses.get(res.statusCode!) ?? 0) + 1)
          if (res.statusCode === 503 && !res.headers['retry-after']) result.busyWithoutRetryAfter++
          resolve()
        })
      })
      req.setTimeout(options.timeoutMs, () => req.destroy(new Error('timeout')))
      req.on('error', () => {
        result.unanswered++
        resolve()
      })
      req.end(payload)
    })
  const client = async (i: number) => {
    if (options.first) await call(options.first)
    for (let k = i; Date.now() < end; k++) await call(options.calls[k % options.calls.length])
  }
  await Promise.all(Array.from({ length: options.clients }, (_, i) => client(i)))
  agent.destroy()
  return result
}

export function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]
}
