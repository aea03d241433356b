import { STATUS_CODES } from 'node:http'
import type { Duplex } from 'node:stream'
import type { FastifyError, FastifyReply, FastifyRequest, FastifyServerOptions } from 'fastify'
import { TmfError } from '@cx/errors'

/**
 * Longest path parameter the router accepts. Above the 200 characters an id may have (the id
 * schemas), so an over-long id reaches the route and gets its validation 400; beyond this the URL
 * itself is refused with a 414.
 */
export const MAX_PARAM_LENGTH = 1024

const JSON_TYPE = 'application/json; charset=utf-8'

// A `%` that does not start a two-hex-digit escape.
const MALFORMED_ESCAPE = /%(?![0-9a-fA-F]{2})/

/**
 * Errors Fastify raises while routing, before any hook or route runs (its `frameworkErrors`):
 * - FST_ERR_BAD_URL: a malformed escape in the path is a 400 (RFC 3986 §2.1); well-formed escapes
 *   that decode to no UTF-8 text can name no resource, so they are a 404 like any unknown id;
 * - FST_ERR_MAX_PARAM_LENGTH: a path segment beyond MAX_PARAM_LENGTH is a 414 (RFC 9110 §15.5.15).
 */
export function frameworkErrorHandler (err: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  const path = request.url.split('?')[0] ?? ''
  let tmf: TmfError
  if (err.code === 'FST_ERR_MAX_PARAM_LENGTH') tmf = new TmfError(414, 'ERR414', 'URI Too Long', `a path segment is longer than ${MAX_PARAM_LENGTH} characters`)
  else if (err.code === 'FST_ERR_BAD_URL' && MALFORMED_ESCAPE.test(path)) tmf = new TmfError(400, 'ERR400-BAD-URL', 'Bad Request', 'the path has bad percent-encoding (RFC 3986 §2.1)')
  else if (err.code === 'FST_ERR_BAD_URL') tmf = new TmfError(404, 'ERR404', 'Not Found', 'no resource at this path: it does not decode to valid UTF-8')
  else tmf = new TmfError(400, 'ERR400', 'Bad Request', 'the request could not be routed')
  reply.code(tmf.statusCode).type(JSON_TYPE).send(tmf.toBody())
}

/** What the HTTP parser refused, as status and TMF Error (Node's `clientError` event codes). */
function parserError (err: NodeJS.ErrnoException): TmfError {
  if (err.code === 'HPE_HEADER_OVERFLOW') return new TmfError(431, 'ERR431', 'Request Header Fields Too Large', 'the request headers exceed the size limit')
  if (err.code === 'ERR_HTTP_REQUEST_TIMEOUT') return new TmfError(408, 'ERR408', 'Request Timeout', 'the request was not received in time')
  if (err.code === 'HPE_URI_TOO_LONG') return new TmfError(414, 'ERR414', 'URI Too Long', 'the request target is too long')
  return new TmfError(400, 'ERR400', 'Bad Request', 'the request is not valid HTTP/1.1')
}

/**
 * Fastify's `clientErrorHandler`: the HTTP parser refused the request before Fastify saw it
 * (oversized headers, malformed request line, timeout). The socket gets a TMF Error body and is
 * closed, since the parser cannot tell where the next request would start.
 */
export function clientErrorHandler (err: NodeJS.ErrnoException, socket: Duplex): void {
  // A reset connection has nobody left to answer (Node's own default does the same).
  if (err.code === 'ECONNRESET' || socket.destroyed) return
  const tmf = parserError(err)
  if (socket.writable) {
    const body = JSON.stringify(tmf.toBody())
    socket.write(`HTTP/1.1 ${tmf.statusCode} ${STATUS_CODES[tmf.statusCode] ?? 'Error'}\r\nContent-Type: ${JSON_TYPE}\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`)
  }
  socket.destroy(err)
}

/** The Fastify options that make every error below the routes a TMF Error (see above). */
export const edgeServerOptions = {
  frameworkErrors: frameworkErrorHandler,
  clientErrorHandler,
  // The request guard answers 503 TMF Errors while closing instead (request-guard.ts).
  return503OnClosing: false
} satisfies Partial<FastifyServerOptions>

/** Router options of the same concern; merge them into `routerOptions`. */
export const edgeRouterOptions = { maxParamLength: MAX_PARAM_LENGTH } as const
