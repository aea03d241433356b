import t from 'tap'
import { callsBeforeMarker, startListener, storeKinds, waitUntil } from '@cx/test-kit'
import { createHubStore } from './hub-store.ts'
import { verifySignature } from './signature.ts'
import { deliveryStates, markerEvent, openTestDb, startRelay, writeEvents } from './testing/harness.ts'

// The in-process runner (no Redis): the embedded mode's delivery path, on both engines.
for (const kind of storeKinds()) {
  t.test(`in-process delivery on ${kind}`, async (t) => {
    const db = await openTestDb(t, kind)
    const hubs = createHubStore(db)
    const listener = await startListener(t)
    // The first three calls fail: the first event is retried until it succeeds, and the
    // second one (same ticket) must wait for it.
    listener.respondWith = (_call, index) => index < 3 ? 503 : 201
    const sub = await hubs.create({ api: 'troubleTicket', version: 'v5', callback: listener.url, query: null, ownerPartner: null, secret: 's3cret' })
    const relay = startRelay(t, { db })
    await relay.ready
    const ids = await writeEvents(db, [
      { resourceId: 'T1', eventType: 'TroubleTicketCreateEvent' },
      { resourceId: 'T1', eventType: 'TroubleTicketStatusChangeEvent' },
      { resourceId: 'T1', eventType: 'TroubleTicketAttributeValueChangeEvent' }
    ], relay)
    // A fourth event about the same ticket comes after the three in its chain: once it has
    // arrived and nothing earlier is pending, a duplicate of the first three would be here.
    const calls = await callsBeforeMarker(db, listener, markerEvent(db, { resourceId: 'T1', eventType: 'TroubleTicketResolvedEvent' }, relay))
    t.same(calls.map((c) => c.headers['x-event-id']), ids, 'each event delivered once, in the order they happened, with X-Event-Id')
    for (const c of calls) {
      t.ok(verifySignature('s3cret', c.rawBody, c.headers['x-hub-signature-256'] as string), 'signature over the exact body')
      t.equal(c.headers['content-type'], 'application/json')
      t.equal(c.headers['x-event-type'], (c.body as { eventType: string }).eventType)
      t.equal(c.path, '/listener', 'callback used verbatim')
    }
    await waitUntil('stats', async () => (await hubs.get(sub.id))?.stats.delivered === 4)
    const stats = (await hubs.get(sub.id))?.stats
    t.equal(stats?.failed, 3)
    t.equal(stats?.deadLettered, 0)
    t.match(stats?.lastError, /HTTP 503/)
    t.equal(stats?.flagged, false)
    t.same(await deliveryStates(db), { delivered: 4 })
    const relayed = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM cx_outbox WHERE relayed_at IS NULL')
    t.equal(relayed.rows[0]?.n, 0, 'outbox drained')
  })
}

t.test('a backlog spanning several fan-out batches keeps each resource\'s order', async (t) => {
  const db = await openTestDb(t, 'postgres')
  const hubs = createHubStore(db)
  const listener = await startListener(t)
  await hubs.create({ api: 'troubleTicket', version: 'v5', callback: listener.url, query: null, ownerPartner: null, secret: null })
  // Written before any relay runs, so the relay meets a backlog spanning several batches (seq 1..24;
  // sorted as text, '10' would come before '2' and overtake it).
  const events = Array.from({ length: 24 }, (_, i) => ({ resourceId: i % 2 === 0 ? 'E' : 'O', eventType: 'TroubleTicketAttributeValueChangeEvent', doc: { n: i } }))
  await writeEvents(db, events)
  const relay = startRelay(t, { db, batchSize: 5 })
  await relay.ready
  await listener.waitFor(24)
  for (const id of ['E', 'O']) {
    const ns = listener.received.map((c) => (c.body as { event: { troubleTicket: { id: string, n: number } } }).event.troubleTicket).filter((x) => x.id === id).map((x) => x.n)
    t.same(ns, [...ns].sort((a, b) => a - b), `resource ${id} in order`)
    t.equal(ns.length, 12)
  }
})

t.test('a relay limited to some APIs leaves the other APIs\' events to their own relay', async (t) => {
  const db = await openTestDb(t, 'postgres')
  const hubs = createHubStore(db)
  const listener = await startListener(t)
  await hubs.create({ api: 'troubleTicket', version: 'v5', callback: listener.url, query: null, ownerPartner: null, secret: null })
  await hubs.create({ api: 'productOrder', version: 'v5', callback: listener.url, query: null, ownerPartner: null, secret: null })
  const relay = startRelay(t, { db, apis: ['troubleTicket'] })
  await relay.ready
  const ids = await writeEvents(db, [
    { resourceId: 'PO1', api: 'productOrder', resourceName: 'productOrder', eventType: 'ProductOrderCreateEvent' },
    { resourceId: 'TT1' }
  ], relay)
  const calls = await callsBeforeMarker(db, listener, markerEvent(db, { resourceId: 'TT2' }, relay))
  t.same(calls.map((c) => c.headers['x-event-id']), [ids[1]], 'only the trouble ticket event, once')
  const pending = await db.query<{ api: string }>('SELECT api FROM cx_outbox WHERE relayed_at IS NULL')
  t.same(pending.rows, [{ api: 'productOrder' }], 'the product order event waits for a relay that knows productOrder')
})
