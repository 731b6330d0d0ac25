/**
 * The one entry both transports (Electron IPC, browser-mode HTTP) go through: check the method name, validate the
 * payload with its zod schema, call the service. Transport concerns (sender, token) are checked before this.
 */
import { formatSpecError, SpecError } from '../../src-shared/spec/experiment'
import { isLabMethod, labRequests, type LabHandlers, type LabMethod } from '../../src-shared/api/lab'

/** A request the service refuses before doing anything: unknown method or a payload that fails its schema. */
export class LabRequestError extends Error {
  readonly status = 400
}

export function parseLabRequest<M extends LabMethod>(method: M, payload: unknown) {
  const result = labRequests[method].safeParse(payload ?? {})
  if (!result.success) throw new LabRequestError(formatSpecError(result.error, method))
  return result.data
}

export async function dispatchLabCall(service: LabHandlers, method: string, payload: unknown): Promise<unknown> {
  if (!isLabMethod(method)) throw new LabRequestError(`unknown method "${method}"`)
  const request = parseLabRequest(method, payload)
  const call = service[method] as (request: unknown) => Promise<unknown>
  return call.call(service, request)
}

/** Errors a user can act on (bad spec, bad CSV, unknown id) keep their message; others are reported as internal. */
export function describeError(error: unknown): { status: number; message: string } {
  if (error instanceof LabRequestError) return { status: 400, message: error.message }
  if (error instanceof SpecError) return { status: 400, message: error.message }
  if (error instanceof Error) return { status: (error as { status?: number }).status ?? 500, message: error.message }
  return { status: 500, message: String(error) }
}
