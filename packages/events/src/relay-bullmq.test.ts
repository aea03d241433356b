import t from 'tap'
import { callsBeforeMarker, redisPrefix, startListener, storeKinds, TEST_REDIS_URL, waitUntil } from '@cx/test-kit'
import { createDeadLetterStore } from './dead-letters.ts'
import { createHubStore } from './hub-store.ts'
import { verifySignature } from './signature.ts'
import { deliveryStates, markerEvent, openTestDb, startRelay, testConfig, writeEvents } from './testing/harness.ts'

// BullMQ on the real Redis (each test its own key prefix) and the real PostgreSQL / PGlite.
for (const kind of storeKinds()) {
  t.test(`BullMQ: a subscriber failing its first calls gets every event once, in order, signed (${kind})`, async (t) => {
    const db = await openTestDb(t, kind)
    const prefix = await redisPrefix(t)
    const hubs = createHubStore(db)
    const listener = await startListener(t)
    listener.respondWith = (_call, index) => index < 4 ? 500 : 204
    await hubs.create({ api: 'troubleTicket', version: 'v5', callback: listener.url, query: null, ownerPartner: null, secret: 'k' })
    const relay = startRelay(t, { db, redisUrl: TEST_REDIS_URL, prefix })
    await relay.ready
    const events = []
    for (let i = 0; i < 6; i++) {
      events.push({ resourceId: 'A', eventType: 'TroubleTicketAttributeValueChangeEvent', doc: { n: i } })
      events.push({ resourceId: 'B', eventType: 'TroubleTicketAttributeValueChangeEvent', doc: { n: i } })
    }
    const ids = await writeEvents(db, events, relay)
    const calls = await callsBeforeMarker(db, listener, markerEvent(db, { resourceId: 'A', eventType: 'TroubleTicketResolvedEvent' }, relay))
    t.equal(calls.length, 12, 'exactly one successful call per event')
    t.same(new Set(calls.map((c) => c.headers['x-event-id'])), new Set(ids))
    for (const resource of ['A', 'B']) {
      const ns = calls
        .map((c) => c.body as { event: { troubleTicket: { id: string, n: number } } })
        .filter((b) => b.event.troubleTicket.id === resource)
        .map((b) => b.event.troubleTicket.n)
      t.same(ns, [0, 1, 2, 3, 4, 5], `events about ${resource} arrive in order`)
    }
    t.ok(calls.every((c) => verifySignature('k', c.rawBody, c.headers['x-hub-signature-256'] as string)), 'all signed')
  })
}

t.test('BullMQ: a subscriber down for good ends in dead letters; replay delivers them once it is back', async (t) => {
  const db = await openTestDb(t, 'postgres')
  const prefix = await redisPrefix(t)
  const hubs = createHubStore(db)
  const down = await startListener(t, 503)
  const healthy = await startListener(t)
  const sub = await hubs.create({ api: 'troubleTicket', version: 'v5', callback: down.url, query: null, ownerPartner: null, secret: null })
  const other = await hubs.create({ api: 'troubleTicket', version: 'v5', callback: healthy.url, query: null, ownerPartner: null, secret: null })
  const relay = startRelay(t, { db, redisUrl: TEST_REDIS_URL, prefix, config: testConfig({ maxAttempts: 3, retryBaseMs: 20 }) })
  await relay.ready
  const dead = createDeadLetterStore(db, relay)
  const started = new Date(Date.now() - 1000).toISOString()
  await writeEvents(db, [
    { resourceId: 'X1', eventType: 'TroubleTicketCreateEvent' },
    { resourceId: 'X2', eventType: 'TroubleTicketCreateEvent' },
    { resourceId: 'X1', eventType: 'TroubleTicketStatusChangeEvent' },
    { resourceId: 'X3', eventType: 'TroubleTicketCreateEvent' }
  ], relay)
  await healthy.waitFor(4)
  await waitUntil('4 dead letters', async () => (await dead.list({ api: 'troubleTicket', offset: 0, limit: 10 })).total === 4)
  t.equal(healthy.received.length, 4, 'the healthy subscription is not held up by the failing one')

  const stats = (await hubs.get(sub.id))?.stats
  t.equal(stats?.deadLettered, 4)
  t.equal(stats?.failed, 12, 'three attempts each')
  t.equal(stats?.flagged, true, 'a callback that keeps failing is flagged')
  t.match(stats?.lastError, /HTTP 503/)
  t.equal((await hubs.get(other.id))?.stats.flagged, false)

  const all = await dead.list({ api: 'troubleTicket', offset: 0, limit: 10 })
  t.same(all.items.map((d) => d.subscriptionId), [sub.id, sub.id, sub.id, sub.id])
  t.ok(all.items.every((d) => d.attempts === 3 && d.lastStatus === 503))
  t.equal((await dead.list({ api: 'troubleTicket', subscriptionId: other.id, offset: 0, limit: 10 })).total, 0, 'filter by subscription')
  t.equal((await dead.list({ api: 'troubleTicket', eventType: 'TroubleTicketStatusChangeEvent', offset: 0, limit: 10 })).total, 1, 'filter by event type')
  t.equal((await dead.list({ api: 'troubleTicket', eventType: 'TroubleTicketStatusChangeEvent,TroubleTicketCreateEvent', offset: 0, limit: 10 })).total, 4, 'event types OR-ed')
  t.equal((await dead.list({ api: 'troubleTicket', since: started, offset: 0, limit: 10 })).total, 4, 'filter by date (since)')
  t.equal((await dead.list({ api: 'troubleTicket', until: started, offset: 0, limit: 10 })).total, 0, 'filter by date (until)')
  t.equal((await dead.list({ api: 'productOrder', offset: 0, limit: 10 })).total, 0, 'per API')
  const page = await dead.list({ api: 'troubleTicket', offset: 3, limit: 2 })
  t.equal(page.total, 4)
  t.equal(page.items.length, 1)
  t.same((await dead.list({ api: 'troubleTicket', offset: 9, limit: 2 })), { total: 4, items: [] }, 'a page past the end still counts')

  // Back online: replay one, then all.
  down.respondWith = () => 204
  const first = all.items[0]
  t.ok(first)
  t.equal(await dead.replay({ api: 'troubleTicket', deliveryId: first?.id ?? '' }), 1)
  await down.waitFor(1)
  t.equal(down.received[0]?.headers['x-event-id'], first?.eventId)
  t.equal(await dead.replay({ api: 'troubleTicket', deliveryId: first?.id ?? '' }), 0, 'a delivered one is no dead letter any more')
  t.equal(await dead.replay({ api: 'troubleTicket', deliveryId: 'nonsense' }), 0)
  t.equal(await dead.replay({ api: 'troubleTicket', subscriptionId: sub.id }), 3)
  await waitUntil('all delivered', async () => (await deliveryStates(db)).delivered === 8)
  const after = (await hubs.get(sub.id))?.stats
  t.equal(after?.flagged, false, 'a success clears the flag')
  t.equal(after?.delivered, 4)
  // A new event about X1 queues behind the replayed ones of its chain: once it is in, nothing
  // replayed is still on its way, so a second delivery of any of them would be here.
  const replayed = await callsBeforeMarker(db, down, markerEvent(db, { resourceId: 'X1', eventType: 'TroubleTicketResolvedEvent' }, relay))
  t.equal(replayed.length, 4, 'each replayed dead letter delivered once')
  const x1 = replayed.filter((c) => (c.body as { event: { troubleTicket: { id: string } } }).event.troubleTicket.id === 'X1')
  t.same(x1.map((c) => (c.body as { eventType: string }).eventType), ['TroubleTicketCreateEvent', 'TroubleTicketStatusChangeEvent'], 'replay keeps per-resource order')
})
