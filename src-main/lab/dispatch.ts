/**
 * The one entry both transports (Electron IPC, browser-mode HTTP) go through: check the method name, validate the
 * payload with its zod schema, call the method on the service that declares it (one table, src-shared/api/lab.ts).
 * Transport concerns (sender, token) are checked before this.
 */
import { formatSpecError, SpecError } from '../../src-shared/spec/experiment'
import { isLabMethod, labMethodService, labRequests, type LabHandlers, type LabMethod } from '../../src-shared/api/lab'
import { forbiddenKeyIssues, formatIssues } from '../../src-shared/spec/issues'

/** A request the service refuses before doing anything: unknown method or a payload that fails its schema. */
export class LabRequestError extends Error {
  readonly status = 400
}

/** Payload fields holding specs: their prototype keys are refused by path (zod would drop them silently). */
const SPEC_FIELDS = ['sweep', 'changes', 'teacher']

function parseLabRequest<M extends LabMethod>(method: M, payload: unknown) {
  if (payload !== null && typeof payload === 'object') {
    const refused = SPEC_FIELDS.flatMap((field) => forbiddenKeyIssues((payload as Record<string, unknown>)[field], [field]))
    if (refused.length > 0) throw new LabRequestError(formatIssues(refused, method))
  }
  const result = labRequests[method].safeParse(payload ?? {})
  if (!result.success) throw new LabRequestError(formatSpecError(result.error, method))
  return result.data
}

export async function dispatchLabCall(service: LabHandlers, method: string, payload: unknown): Promise<unknown> {
  if (!isLabMethod(method)) throw new LabRequestError(`unknown method "${method}"`)
  const request = parseLabRequest(method, payload)
  const target = service[labMethodService[method]] as unknown as Record<LabMethod, (request: unknown) => Promise<unknown>>
  return target[method].call(target, request)
}

/** Runtime exceptions (a bug, a library or SQLite failing), as opposed to the messages the lab writes for its users. */
function isUnexpected(error: Error): boolean {
  const sqlite = typeof (error as { code?: unknown }).code === 'string' && String((error as { code?: unknown }).code).startsWith('SQLITE_')
  return sqlite || error instanceof TypeError || error instanceof RangeError || error instanceof ReferenceError || error instanceof SyntaxError
}

/**
 * What a caller is told. Errors a user can act on (a bad request or spec, a bad CSV, an unknown id, any message the
 * lab wrote) keep their message, with their status; unexpected ones are reported as "internal error", their detail
 * logged here.
 */
export function describeError(error: unknown): { status: number; message: string } {
  if (error instanceof LabRequestError || error instanceof SpecError) return { status: 400, message: error.message }
  if (error instanceof Error && !isUnexpected(error)) return { status: (error as { status?: number }).status ?? 500, message: error.message }
  console.error('impulse-lab: internal error:', error)
  return { status: 500, message: 'internal error (the details are in the log of the process that serves the lab)' }
}
