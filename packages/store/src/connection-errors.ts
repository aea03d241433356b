import { serviceUnavailable, type TmfError } from '@cx/errors'

/**
 * How long a client should wait before retrying while the database is away (`Retry-After`, in
 * seconds). A PostgreSQL restart takes a second or two; the pool reconnects on the next request.
 */
export const STORE_RETRY_AFTER_SECONDS = 2

// SQLSTATEs that say "the server or the connection is not there right now", not "your query is
// wrong" (PostgreSQL manual, Appendix A): class 08 connection exceptions, 53300 too many
// connections, 57P01/57P02 administrator/crash shutdown, 57P03 cannot connect now (starting up or
// shutting down), 57P04 database dropped, 57P05 idle session timeout.
const UNAVAILABLE_SQLSTATES = new Set(['53300', '57P01', '57P02', '57P03', '57P04', '57P05'])

// Socket-level failures reported by Node while connecting or talking to the server.
const UNAVAILABLE_ERRNOS = new Set(['ECONNREFUSED', 'ECONNRESET', 'ECONNABORTED', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN', 'ENOTFOUND'])

// node-postgres reports a lost connection or an exhausted pool with plain Error messages.
const UNAVAILABLE_MESSAGES = [
  /^Connection terminated/i,
  /connection (?:error|ended|is not queryable)/i,
  /Client has encountered a connection error/i,
  /Client was closed and is not queryable/i,
  /timeout exceeded when trying to connect/i,
  /terminating connection/i
]

/**
 * True when `err` means the database cannot be reached or has dropped the connection (a restart,
 * a failover, a network cut), as opposed to an error in the statement itself. Such failures are
 * temporary: the request may be retried, and the pool replaces the connection by itself.
 */
export function isConnectionError (err: unknown): boolean {
  if (typeof err !== 'object' || err === null) return false
  const code = (err as { code?: unknown }).code
  if (typeof code === 'string') {
    if (code.startsWith('08') && code.length === 5) return true
    if (UNAVAILABLE_SQLSTATES.has(code) || UNAVAILABLE_ERRNOS.has(code)) return true
  }
  const message = (err as { message?: unknown }).message
  if (typeof message === 'string' && UNAVAILABLE_MESSAGES.some((re) => re.test(message))) return true
  // AggregateError from a connect that tried several addresses (IPv4 and IPv6 of localhost).
  const inner = (err as { errors?: unknown }).errors
  return Array.isArray(inner) && inner.length > 0 && inner.every(isConnectionError)
}

/** The 503 TMF Error a lost database becomes at the HTTP edge; the driver error stays as `cause` for the logs. */
export function storeUnavailable (cause: unknown): TmfError {
  return serviceUnavailable('the database is unavailable; retry shortly', STORE_RETRY_AFTER_SECONDS, cause, 'ERR503-STORE')
}

/** Rethrows a connection failure as the 503 of storeUnavailable; any other error unchanged. */
export function rethrowUnavailable (err: unknown): never {
  throw isConnectionError(err) ? storeUnavailable(err) : err
}
