import type { FastifyRequest, FastifyServerOptions } from 'fastify'

/**
 * What pino must never write: credentials (bearer tokens, cookies, hub secrets and signatures)
 * wherever a request, a hub subscription or an error may carry them. Filter values and bodies
 * are kept out by the request serializer below, which logs the path without its query string.
 */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-hub-signature-256"]',
  'res.headers["set-cookie"]',
  'headers.authorization',
  'authorization',
  'secret',
  '*.secret',
  'client_secret',
  '*.client_secret',
  'access_token',
  '*.access_token',
  'token',
  '*.token',
  'body',
  '*.body',
  'payload',
  '*.payload'
]

/**
 * The request as logged: method, the path without its query string (TMF630 filters carry
 * customer names, e-mail addresses and ids), the route pattern and the client address.
 */
export function serializeRequest (request: FastifyRequest): Record<string, unknown> {
  const at = request.url.indexOf('?')
  return {
    method: request.method,
    url: at < 0 ? request.url : `${request.url.slice(0, at)}?…`,
    route: request.routeOptions?.url,
    remoteAddress: request.ip
  }
}

/**
 * The pino options of a server: the caller's (level, stream, transport) with redaction and the
 * request serializer added. `false` and an existing logger instance are passed through.
 */
export function withLogRedaction (logger: FastifyServerOptions['logger']): FastifyServerOptions['logger'] {
  if (logger === undefined || logger === false) return false
  const base = logger === true ? {} : logger
  return {
    ...base,
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    serializers: { req: serializeRequest as never, ...(base.serializers ?? {}) }
  }
}
