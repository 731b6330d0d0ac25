/**
 * What every service module of the lab API is made of: zod schemas for its requests (validated once, where a request
 * crosses into main), the answers' types, and the two views of its methods derived from them: the client's calls
 * (inputs as sent) and main's handlers (inputs parsed, defaults filled in).
 */
import { z } from 'zod'
import { SCALES } from '../../spec/experiment'

/** A service's request schemas by method name. */
export type RequestSchemas = Record<string, z.ZodType>

/** What the renderer calls: one async method per request schema, taking the request as sent. */
export type ServiceCalls<R extends RequestSchemas, A extends { [M in keyof R]: unknown }> = {
  [M in keyof R]: (request: z.input<R[M]>) => Promise<A[M]>
}

/** What main implements: the same methods, receiving the request already validated. */
export type ServiceHandlers<R extends RequestSchemas, A extends { [M in keyof R]: unknown }> = {
  [M in keyof R]: (request: z.output<R[M]>) => Promise<A[M]>
}

export const Scale = z.enum(SCALES)
export const Id = z.string().min(1).max(200)

/** A file the renderer saves (a sweep's CSV or JSON, the HTML report). */
export interface ExportFile {
  fileName: string
  mimeType: string
  content: string
}
