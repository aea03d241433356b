import fp from 'fastify-plugin'
import type { FastifyInstance } from 'fastify'
import { badRequest, notFound, TmfError } from '@cx/errors'
import { unstorable } from './storable.ts'

/**
 * Why the query string of `url` cannot be taken as it is, or undefined when it can: a `%` not
 * followed by two hex digits (RFC 3986 §2.1), escapes that do not decode to UTF-8 (RFC 3986 §2.5),
 * or a value no PostgreSQL text can hold (NUL, lone surrogates). Fastify's query parser keeps
 * such sequences as literal text, which would silently filter on something else than was asked.
 */
export function queryStringProblem (url: string): string | undefined {
  const start = url.indexOf('?')
  if (start < 0) return undefined
  for (const part of url.slice(start + 1).split(/[&=]/)) {
    let decoded = part
    if (part.includes('%')) {
      try {
        decoded = decodeURIComponent(part)
      } catch {
        return 'bad percent-encoding (RFC 3986 §2.1: `%` must be followed by two hex digits encoding UTF-8)'
      }
    }
    const why = unstorable(decoded)
    if (why !== undefined) return why
  }
  return undefined
}

/**
 * Request-wide checks that run before authentication and before any route, so no route, service
 * or query builder ever sees these inputs:
 * - while the server shuts down, new requests get a 503 TMF Error with `Connection: close`
 *   (Fastify's own 503 is not a TMF body, so `return503OnClosing` is off and this replaces it);
 * - a path parameter no stored id could hold (NUL, lone surrogates) is a 404, as any unknown id;
 * - a query string with bad percent-encoding or unstorable characters is a 400.
 */
export const requestGuard = fp(async (app: FastifyInstance) => {
  let closing = false
  app.addHook('preClose', async () => { closing = true })
  app.addHook('onRequest', async (request, reply) => {
    if (closing) {
      reply.header('Connection', 'close')
      throw new TmfError(503, 'ERR503-SHUTTING-DOWN', 'Service Unavailable', 'the server is shutting down; retry on another instance')
    }
    for (const value of Object.values((request.params ?? {}) as Record<string, unknown>)) {
      if (typeof value === 'string' && unstorable(value) !== undefined) {
        throw notFound('no resource has this id: it contains characters no identifier can hold')
      }
    }
    const why = queryStringProblem(request.url)
    if (why !== undefined) throw badRequest(`the query string contains ${why}`, 'ERR400-QUERY-ENCODING')
  })
}, { name: '@cx/engine/request-guard' })
