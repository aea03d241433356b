import type { FastifyInstance } from 'fastify'
import { Type } from 'typebox'
import { notFound } from '@cx/errors'
import { SpanStatusCode, trace } from '@opentelemetry/api'
import { receiveEvent } from '../inbox.ts'
import { SOURCE_SPECS } from '../sources/source-specs.ts'

/**
 * `POST /cx/listener/{source}`: where the resource services deliver their hub events. Public (no
 * bearer token: the sources' hubs cannot hold one), authenticated instead by the HMAC signature of
 * the exact body, which is why this plugin keeps the body as raw text. Answers 204 (v5 listener),
 * also for a duplicate or stale event, 401 for a bad signature, 404 for an unknown source.
 */
// Asked for at each use, not at import: a tracer taken before the SDK registers its provider
// would stay a no-op (the ESM and CommonJS builds of the OpenTelemetry API keep separate proxies).
const tracer = (): ReturnType<typeof trace.getTracer> => trace.getTracer('@cx/cx')

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
      // The request span continues the delivery's `traceparent` (@fastify/otel), so the write at
      // the source, its outbox event, the delivery and this projection form one trace.
      const outcome = await tracer().startActiveSpan(`cx projection ${spec.name}`, async (span) => {
        try {
          const result = await receiveEvent(app.db, spec, {
            rawBody: typeof request.body === 'string' ? request.body : '',
            signature: typeof header === 'string' ? header : undefined,
            secret: opts.secret,
            now: new Date()
          })
          span.setAttribute('cx.projection.outcome', result)
          return result
        } catch (err) {
          span.setStatus({ code: SpanStatusCode.ERROR, message: (err as Error).message })
          throw err
        } finally {
          span.end()
        }
      })
      if (outcome === 'applied') opts.onApplied()
      return await reply.code(204).send()
    })
  }
}
