/**
 * LabApi over HTTP for browser mode: POST /api/<method> (JSON), events from /api/events (SSE). The server's HttpOnly
 * cookie authenticates both; a client outside the page (tests, scripts) may pass the token for a Bearer header.
 */
import type { LabApi, LabCalls, LabEvent } from '../../src-shared/api/lab'
import { labEventsFrom } from '../../src-shared/api/labEvents'

class LabHttpError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message)
  }
}

/** How many times a call the server refused as busy (503) is sent in all. */
const BUSY_ATTEMPTS = 6
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** The server's Retry-After (seconds), within 0.1–5 s; 1 s when it names none. */
export function retryAfterMs(header: string | null): number {
  const seconds = Number(header ?? '')
  return Math.min(5000, Math.max(100, Number.isFinite(seconds) && header ? seconds * 1000 : 1000))
}

export function createHttpLab(origin: string, token?: string): LabApi {
  const auth: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {}
  async function call(method: string, request: unknown): Promise<unknown> {
    const body = JSON.stringify(request ?? {})
    for (let attempt = 1; ; attempt++) {
      const response = await fetch(`${origin}/api/${method}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...auth },
        body,
      })
      const answer = (await response.json().catch(() => ({ error: response.statusText }))) as { result?: unknown; error?: string }
      if (response.ok) return answer.result
      // 503 means the server did not run the call (its loop was busy, or another process held the store): asking
      // again is safe, and a refresh refused once under load would otherwise leave the view stale until the next event.
      if (response.status === 503 && attempt < BUSY_ATTEMPTS) {
        await sleep(retryAfterMs(response.headers.get('retry-after')))
        continue
      }
      throw new LabHttpError(answer.error ?? `HTTP ${response.status}`, response.status)
    }
  }

  const listeners = new Set<(event: LabEvent) => void>()
  let source: EventSource | null = null
  function subscribe(listener: (event: LabEvent) => void) {
    listeners.add(listener)
    if (!source) {
      source = new EventSource(`${origin}/api/events`)
      source.onmessage = (message) => {
        const event = JSON.parse(message.data as string) as LabEvent
        for (const l of listeners) l(event)
      }
    }
    return () => {
      listeners.delete(listener)
      if (listeners.size === 0 && source) {
        source.close()
        source = null
      }
    }
  }

  // Any method name becomes a POST: the server validates names and payloads, so the client needs no method list
  // (and no zod schemas in the first bundle).
  const calls = new Proxy({} as LabCalls, {
    // `then` stays undefined so the object is never mistaken for a promise.
    get: (_target, method) => (typeof method === 'string' && method !== 'then' ? (request: unknown) => call(method, request) : undefined),
  })
  const events = labEventsFrom(subscribe)
  return new Proxy(calls as LabApi, {
    get: (target, name) => (name in events ? events[name as keyof typeof events] : Reflect.get(target, name)),
  })
}
