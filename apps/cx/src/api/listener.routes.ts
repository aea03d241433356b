import type { FastifyInstance } from 'fastify'
import { Type } from 'typebox'
import { notFound } from '@cx/errors'
import { receiveEvent } from '../inbox.ts'
import { SOURCE_SPECS } from '../sources/source-specs.ts'

/**
 * `POST /cx/listener/{source}`: where the resource services deliver their hub events. Public (no
 * bearer token: the sources' hubs cannot hold one), authenticated instead by the HMAC signature of
 * the exact body, which is why this plugin keeps the body as raw text. Answers 204 (v5 listener),
 * also for a duplicate or stale event, 401 for a bad signature, 404 for an unknown source.
 */
export function listenerRoutes (opts: { secret: string, onApplied: () => void }) {
  return async function routes (app: FastifyInstance): Promise<void> {
    app.removeContentTypeParser('application/json')
    app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => { done(null, body) })
    app.post('/cx/listener/:source', {
      schema: { hide: true, params: Type.Object({ source: Type.String({ maxLength: 64 }) }) }
    }, async (request, reply) => {
      const { source } = request.params as { source: string }
      const spec = SOURCE_SPECS.find((s) => s.name === source)
      if (spec === undefined) throw notFound(`no cx listener for ${source}`)
      const header = request.headers['x-hub-signature-256']
      const outcome = await receiveEvent(app.db, spec, {
        rawBody: typeof request.body === 'string' ? request.body : '',
        signature: typeof header === 'string' ? header : undefined,
        secret: opts.secret,
        now: new Date()
      })
      if (outcome === 'applied') opts.onApplied()
      return await reply.code(204).send()
    })
  }
}
