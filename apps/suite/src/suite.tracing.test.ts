import t from 'tap'
import type { FastifyInstance } from 'fastify'
import { SpanKind } from '@opentelemetry/api'
import { InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from '@opentelemetry/sdk-trace-base'
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node'
import { tmfServerOptionsFromEnv } from '@cx/engine'
import { aTroubleTicket, testDbOptions, until } from '@cx/test-kit'
import { buildSuite } from './app.ts'

// What an OTLP exporter would receive, kept in memory. Registered before anything is built, as
// the SDK is in production (startTracing): global provider, W3C propagator, async context.
const exporter = new InMemorySpanExporter()
const provider = new NodeTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] })
provider.register()

const TICKETS = '/tmf-api/troubleTicket/v5'
const CEILING_MS = 180_000

t.test('a request, its outbox event, the delivery and the cx projection form one trace', async (t) => {
  t.teardown(async () => { await provider.shutdown() })
  const opts = tmfServerOptionsFromEnv({ CX_MODE: 'embedded' })
  // The real PostgreSQL: the path every production deployment takes (outbox, relay, listener).
  const app: FastifyInstance = await buildSuite({ ...opts, db: await testDbOptions(t, 'postgres'), logger: false, seed: false })
  t.teardown(() => app.close())
  // cx subscribes to the others' hubs once the suite listens.
  await app.listen({ host: '127.0.0.1', port: 0 })
  await until('cx subscribed to the TMF621 hub', async () => {
    const hubs = (await app.inject({ url: `${TICKETS}/hub` })).json() as Array<{ callback: string }>
    return hubs.some((h) => h.callback.includes('/cx/listener/')) ? true : undefined
  }, CEILING_MS)

  const incoming = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01'
  const created = await app.inject({ method: 'POST', url: `${TICKETS}/troubleTicket`, payload: aTroubleTicket(), headers: { traceparent: incoming } })
  t.equal(created.statusCode, 201)
  const traceId = '4bf92f3577b34da6a3ce929d0e0e4736'
  const inTrace = (): ReadableSpan[] => exporter.getFinishedSpans().filter((s) => s.spanContext().traceId === traceId)

  // The delivery span ends after the listener answered: wait for the whole chain to be finished.
  const { projection, spans } = await until('the cx projection span, and every span up to the caller\'s, finished', () => {
    const spans = inTrace()
    const projection = spans.find((s) => s.name === 'cx projection troubleTicket')
    const byId = new Map(spans.map((s) => [s.spanContext().spanId, s]))
    let at = projection
    while (at !== undefined && at.parentSpanContext?.spanId !== '00f067aa0ba902b7') at = byId.get(at.parentSpanContext?.spanId ?? '')
    return at === undefined || projection === undefined ? undefined : { projection, spans }
  }, CEILING_MS)
  const byId = new Map(spans.map((s) => [s.spanContext().spanId, s]))
  const parentOf = (s: ReadableSpan): ReadableSpan | undefined => byId.get(s.parentSpanContext?.spanId ?? '')

  const request = spans.find((s) => s.kind === SpanKind.SERVER && s.attributes['http.route'] === `${TICKETS}/troubleTicket` && s.attributes['http.request.method'] === 'POST')
  t.ok(request, 'the request span continues the caller\'s traceparent')
  t.equal(request?.parentSpanContext?.spanId, '00f067aa0ba902b7')

  const ancestors = (s: ReadableSpan | undefined): ReadableSpan[] => s === undefined ? [] : [s, ...ancestors(parentOf(s))]
  const chain = ancestors(projection)
  const listener = chain.find((s) => s.kind === SpanKind.SERVER && s.attributes['http.route'] === '/cx/listener/:source')
  t.ok(listener, 'the projection runs in the cx listener\'s request')
  const delivery = chain.find((s) => s.name.startsWith('hub delivery'))
  t.equal(delivery?.name, 'hub delivery TroubleTicketCreateEvent', 'which continues the traceparent of the event\'s delivery to cx')
  t.equal(delivery?.kind, SpanKind.CLIENT)
  t.equal(delivery?.attributes['http.response.status_code'], 204)
  t.ok(request !== undefined && chain.includes(request), 'and so the request that wrote the event')
  t.ok(listener !== undefined && delivery !== undefined && chain.indexOf(listener) < chain.indexOf(delivery), 'in that order')
  // 'stale' when cx's start-up back-fill reached the ticket first: either way the version is in the read model.
  t.match(projection.attributes['cx.projection.outcome'], /^(applied|stale)$/, 'the event went through the inbox')
})
