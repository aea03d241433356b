/**
 * The one error type every CX Suite package throws for an expected failure.
 * The HTTP edge renders it as a TMF630 `Error` body; anything else is a 500 with no internals.
 */
export interface TmfErrorBody {
  '@type': 'Error'
  code: string
  reason: string
  message?: string
  status: string
  referenceError?: string
}

export interface TmfErrorOptions {
  cause?: unknown
  /**
   * Response headers that belong to this error, e.g. `Retry-After` on a 503 (RFC 9110 §10.2.3)
   * or `Allow` on a 405. The HTTP edge sets them with the body.
   */
  headers?: Readonly<Record<string, string>>
}

export class TmfError extends Error {
  readonly statusCode: number
  readonly code: string
  readonly reason: string
  readonly headers: Readonly<Record<string, string>>

  constructor (statusCode: number, code: string, reason: string, message?: string, options?: TmfErrorOptions) {
    super(message ?? reason, options?.cause === undefined ? undefined : { cause: options.cause })
    this.name = 'TmfError'
    this.statusCode = statusCode
    this.code = code
    this.reason = reason
    this.headers = options?.headers ?? {}
  }

  toBody (): TmfErrorBody {
    return { '@type': 'Error', code: this.code, reason: this.reason, message: this.message, status: String(this.statusCode) }
  }
}

export function isTmfError (err: unknown): err is TmfError {
  return err instanceof TmfError
}

// Named constructors keep codes consistent across services (`ERR<status>`-style codes per the v5 examples,
// with a suffix that tells integrators which rule failed).
export const badRequest = (message: string, code = 'ERR400'): TmfError => new TmfError(400, code, 'Bad Request', message)
export const unauthorized = (message: string): TmfError => new TmfError(401, 'ERR401', 'Unauthorized', message)
export const forbidden = (message: string): TmfError => new TmfError(403, 'ERR403', 'Forbidden', message)
export const notFound = (message: string): TmfError => new TmfError(404, 'ERR404', 'Not Found', message)
export const conflict = (message: string, code = 'ERR409'): TmfError => new TmfError(409, code, 'Conflict', message)
export const preconditionFailed = (message: string): TmfError => new TmfError(412, 'ERR412', 'Precondition Failed', message)
export const unsupportedMediaType = (message: string): TmfError => new TmfError(415, 'ERR415', 'Unsupported Media Type', message)
export const unprocessable = (message: string, code = 'ERR422'): TmfError => new TmfError(422, code, 'Unprocessable Entity', message)

/**
 * 503 for a dependency that is away for a while (the database restarting, a connection lost):
 * the client should retry after `retryAfterSeconds` (sent as `Retry-After`, RFC 9110 §10.2.3).
 */
export const serviceUnavailable = (message: string, retryAfterSeconds: number, cause?: unknown, code = 'ERR503'): TmfError =>
  new TmfError(503, code, 'Service Unavailable', message, { cause, headers: { 'Retry-After': String(retryAfterSeconds) } })
