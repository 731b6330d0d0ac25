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

export function createHttpLab(origin: string, token?: string): LabApi {
  const auth: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {}
  async function call(method: string, request: unknown): Promise<unknown> {
    const response = await fetch(`${origin}/api/${method}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...auth },
      body: JSON.stringify(request ?? {}),
    })
    const body = (await response.json().catch(() => ({ error: response.statusText }))) as { result?: unknown; error?: string }
    if (!response.ok) throw new LabHttpError(body.error ?? `HTTP ${response.status}`, response.status)
    return body.result
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
