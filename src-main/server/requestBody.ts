/**
 * Reading request bodies within a memory budget: each body at most `maxBytes`, and all bodies being read at once
 * together at most `budgetBytes`, so a few concurrent large uploads cannot take the server's memory.
 */
import { createWriteStream } from 'node:fs'
import { once } from 'node:events'
import type { IncomingMessage } from 'node:http'
import { jsonNestingDepth, MAX_JSON_DEPTH } from '../../src-shared/spec/jsonDepth'

export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    /** Extra response headers (Retry-After on a 503). */
    readonly headers: Record<string, string> = {},
  ) {
    super(message)
  }
}

export class BodyBudget {
  private inFlight = 0

  constructor(
    readonly maxBytes: number,
    readonly budgetBytes: number,
  ) {}

  /** The body as one buffer; 413 past maxBytes, 503 while other bodies hold the budget. */
  async read(req: IncomingMessage): Promise<Buffer> {
    const declared = Number(req.headers['content-length'] ?? 0)
    if (declared > this.maxBytes) throw new HttpError(413, `request body too large (limit ${this.maxBytes} bytes)`)
    const chunks: Buffer[] = []
    let size = 0
    try {
      for await (const chunk of req) {
        const buffer = chunk as Buffer
        this.take(buffer.length, size + buffer.length)
        size += buffer.length
        chunks.push(buffer)
      }
      return Buffer.concat(chunks)
    } finally {
      this.inFlight -= size
    }
  }

  /** Stream the body to `file` (uploads), holding only one chunk at a time; 413 past maxBytes. */
  async toFile(req: IncomingMessage, file: string, maxBytes: number): Promise<number> {
    const sink = createWriteStream(file)
    let size = 0
    try {
      for await (const chunk of req) {
        size += (chunk as Buffer).length
        if (size > maxBytes) throw new HttpError(413, `upload too large (limit ${maxBytes} bytes)`)
        if (!sink.write(chunk)) await once(sink, 'drain')
      }
    } finally {
      sink.end()
      await once(sink, 'close').catch(() => undefined)
    }
    return size
  }

  private take(bytes: number, bodySize: number): void {
    if (bodySize > this.maxBytes) throw new HttpError(413, `request body too large (limit ${this.maxBytes} bytes)`)
    if (this.inFlight + bytes > this.budgetBytes) throw new HttpError(503, 'the server is reading other large requests; try again shortly')
    this.inFlight += bytes
  }
}

/** JSON of a body; an empty body is `{}`. */
export function parseJsonBody(body: Buffer): unknown {
  if (body.length === 0) return {}
  const text = body.toString('utf8')
  // bounded before parsing: a body nested thousands deep would overflow every recursive walk after it
  if (jsonNestingDepth(text) > MAX_JSON_DEPTH) throw new HttpError(400, `request body: JSON nested more than ${MAX_JSON_DEPTH} levels deep`)
  try {
    return JSON.parse(text)
  } catch {
    throw new HttpError(400, 'request body is not valid JSON')
  }
}
