import type { FastifyInstance } from 'fastify'
import { TmfError } from '@cx/errors'

/**
 * A read-only TMF collection (TMF717 Customer360 is "view only"): every other method on its paths
 * is a 405 TMF Error naming the allowed ones in `Allow` (RFC 9110 §15.5.6).
 */
export function refuseWrites (app: FastifyInstance, paths: readonly string[]): void {
  for (const url of paths) {
    app.route({
      method: ['POST', 'PUT', 'PATCH', 'DELETE'],
      url,
      schema: { hide: true },
      handler: async (request, reply) => {
        reply.header('Allow', 'GET, HEAD')
        throw new TmfError(405, 'ERR405', 'Method Not Allowed', `${request.method} is not allowed on this read-only resource; use GET`)
      }
    })
  }
}
