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

export class TmfError extends Error {
  readonly statusCode: number
  readonly code: string
  readonly reason: string

  constructor (statusCode: number, code: string, reason: string, message?: string, options?: { cause?: unknown }) {
    super(message ?? reason, options)
    this.name = 'TmfError'
    this.statusCode = statusCode
    this.code = code
    this.reason = reason
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
