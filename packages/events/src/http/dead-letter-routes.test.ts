import Fastify from 'fastify'
import t from 'tap'
import { isTmfError } from '@cx/errors'
import { startListener, waitUntil } from '@cx/test-kit'
import { createDeadLetterStore } from '../dead-letters.ts'
import { createHubStore } from '../hub-store.ts'
import { deliveryStates, openTestDb, startRelay, testConfig, writeEvents } from '../testing/harness.ts'
import { deadLetterRoutes } from './dead-letter-routes.ts'

t.test('operator dead-letter API', async (t) => {
  const db = await openTestDb(t, 'postgres')
  const hubs = createHubStore(db)
  const listener = await startListener(t, 500)
  const sub = await hubs.create({ api: 'troubleTicket', version: 'v5', callback: listener.url, query: null, ownerPartner: null, secret: null })
  const relay = startRelay(t, { db, config: testConfig({ maxAttempts: 1 }) })
  await relay.ready
  await writeEvents(db, [
    { resourceId: 'D1', eventType: 'TroubleTicketCreateEvent' },
    { resourceId: 'D2', eventType: 'TroubleTicketCreateEvent' },
    { resourceId: 'D3', eventType: 'TroubleTicketStatusChangeEvent' }
  ], relay)
  await waitUntil('dead letters', async () => (await deliveryStates(db)).dead === 3)

  const app = Fastify()
  t.teardown(async () => await app.close())
  // Stand-ins for the auth plugin and the engine's TMF error handler.
  app.decorateRequest('principal')
  app.addHook('onRequest', async (request) => {
    (request as unknown as { principal: unknown }).principal = { isOperator: request.headers['x-role'] === 'operator' }
  })
  app.setErrorHandler((err, _request, reply) => {
    if (isTmfError(err)) return reply.code(err.statusCode).send(err.toBody())
    return reply.code((err as { statusCode?: number }).statusCode ?? 500).send({ message: (err as Error).message })
  })
  await app.register(deadLetterRoutes, { prefix: '/tmf-api/troubleTicket/v5', api: 'troubleTicket', store: createDeadLetterStore(db, relay) })
  const base = '/tmf-api/troubleTicket/v5/hub/deadLetter'
  const op = { 'x-role': 'operator' }

  const refused = await app.inject({ method: 'GET', url: base })
  t.equal(refused.statusCode, 403)
  t.match(refused.json(), { '@type': 'Error', code: 'ERR403' })
  t.equal((await app.inject({ method: 'POST', url: `${base}/replay` })).statusCode, 403, 'partners cannot replay')

  const list = await app.inject({ method: 'GET', url: base, headers: op })
  t.equal(list.statusCode, 200)
  t.equal(list.headers['x-total-count'], '3')
  const items = list.json<Array<{ id: string, subscriptionId: string, eventType: string, attempts: number, lastError: string, event: { eventType: string } }>>()
  t.equal(items.length, 3)
  t.match(items[0], { subscriptionId: sub.id, attempts: 1, lastError: /HTTP 500/, event: { eventType: 'TroubleTicketCreateEvent' } })

  const filtered = await app.inject({ method: 'GET', url: `${base}?eventType=TroubleTicketStatusChangeEvent&subscriptionId=${sub.id}&limit=10&offset=0`, headers: op })
  t.same(filtered.json<Array<{ eventType: string }>>().map((d) => d.eventType), ['TroubleTicketStatusChangeEvent'])
  const future = await app.inject({ method: 'GET', url: `${base}?since=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}`, headers: op })
  t.equal(future.headers['x-total-count'], '0', 'date filter')
  t.equal((await app.inject({ method: 'GET', url: `${base}?since=yesterday`, headers: op })).statusCode, 400)
  t.equal((await app.inject({ method: 'GET', url: `${base}?limit=0`, headers: op })).statusCode, 400)

  listener.respondWith = () => 204
  const one = await app.inject({ method: 'POST', url: `${base}/${items[0]?.id ?? ''}/replay`, headers: op })
  t.equal(one.statusCode, 202)
  t.same(one.json(), { replayed: 1 })
  await listener.waitFor(1)
  t.equal((await app.inject({ method: 'POST', url: `${base}/999999/replay`, headers: op })).statusCode, 404)
  const rest = await app.inject({ method: 'POST', url: `${base}/replay`, headers: op, payload: { subscriptionId: sub.id } })
  t.same(rest.json(), { replayed: 2 })
  await listener.waitFor(3)
  await waitUntil('delivered', async () => (await deliveryStates(db)).delivered === 3)
  t.equal((await app.inject({ method: 'GET', url: base, headers: op })).headers['x-total-count'], '0')
})
