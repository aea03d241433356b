import type { FastifyInstance } from 'fastify'
import { Type } from 'typebox'
import { notFound } from '@cx/errors'
import type { Doc } from '@cx/engine'
import { inTransactionOnce, verifyEvent, type InboxOutcome } from '@cx/hub-subscriber'
import { WATCHED_SOURCES } from './sources.ts'
import type { SlaWatcher } from './watcher.ts'

/**
 * `POST /sla/listener/{source}`: where the ticket and order hubs deliver. Public (the hubs hold no
 * bearer token), authenticated by the HMAC signature of the exact body instead, so the body is
 * kept as raw text. The eventId is recorded in sla_inbox in the transaction that applies the
 * version: a redelivery answers 204 and changes nothing. 401 for a bad signature, 400 for a body
 * that is not an event, 404 for an unknown source.
 */
export function listenerRoutes (opts: { secret: string, watcher: () => SlaWatcher, onApplied: () => void }) {
  return async function routes (app: FastifyInstance): Promise<void> {
    app.removeContentTypeParser('application/json')
    app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => { done(null, body) })
    app.post('/sla/listener/:source', {
      schema: { hide: true, params: Type.Object({ source: Type.String({ maxLength: 64 }) }) }
    }, async (request, reply) => {
      const { source } = request.params as { source: string }
      const spec = WATCHED_SOURCES.find((s) => s.name === source)
      if (spec === undefined) throw notFound(`no sla listener for ${source}`)
      const header = request.headers['x-hub-signature-256']
      const watcher = opts.watcher()
      const event = verifyEvent({ rawBody: typeof request.body === 'string' ? request.body : '', signature: typeof header === 'string' ? header : undefined, secret: opts.secret, now: watcher.now })
      const payload = (event.envelope.event as Doc | undefined)?.[spec.name]
      let outcome: InboxOutcome = 'ignored'
      if (payload !== null && typeof payload === 'object' && !Array.isArray(payload)) {
        outcome = await inTransactionOnce(app.db, { table: 'sla_inbox', source: spec.name }, event, async (tx) => await watcher.applyVersion(tx, spec.kind, payload as Doc))
      }
      if (outcome === 'applied') opts.onApplied()
      return await reply.code(204).send()
    })
  }
}
