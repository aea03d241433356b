import t from 'tap'
import { freePort, redisPrefix, startListener, startRedisServer, until, waitUntil } from '@cx/test-kit'
import { createHubStore } from './hub-store.ts'
import { deliveryStates, openTestDb, startRelay, testConfig, writeEvents } from './testing/harness.ts'

t.test('Redis stopped during a burst of writes, then restarted: every event is delivered', async (t) => {
  const port = await freePort()
  const redisUrl = `redis://127.0.0.1:${port}`
  let redis = await startRedisServer(t, port)
  const prefix = await redisPrefix(t, redisUrl)
  const db = await openTestDb(t, 'postgres')
  const hubs = createHubStore(db)
  const listener = await startListener(t)
  await hubs.create({ api: 'troubleTicket', version: 'v5', callback: listener.url, query: null, ownerPartner: null, secret: null })
  await hubs.create({ api: 'troubleTicket', version: 'v5', callback: listener.url, query: 'eventType=TroubleTicketCreateEvent', ownerPartner: null, secret: null })
  const relay = startRelay(t, { db, redisUrl, prefix })
  await relay.ready

  const burst = (from: number, n: number): Array<{ resourceId: string, eventType: string }> =>
    Array.from({ length: n }, (_, i) => ({ resourceId: `R${(from + i) % 25}`, eventType: (from + i) % 2 === 0 ? 'TroubleTicketCreateEvent' : 'TroubleTicketStatusChangeEvent' }))
  const ids: string[] = []
  ids.push(...await writeEvents(db, burst(0, 150), relay))
  await redis.stop()
  // Writes keep being acknowledged while Redis is down: the database buffers them.
  ids.push(...await writeEvents(db, burst(150, 150), relay))
  const whileDown = listener.received.length
  redis = await startRedisServer(t, port)
  ids.push(...await writeEvents(db, burst(300, 100), relay))

  // 400 events to the catch-all subscription, the 200 creates to the filtered one.
  const expected = 400 + 200
  await waitUntil('every delivery', async () => (await deliveryStates(db)).delivered === expected, 60_000)
  const byEvent = new Map<string, number>()
  for (const c of listener.received) {
    const id = String(c.headers['x-event-id'])
    byEvent.set(id, (byEvent.get(id) ?? 0) + 1)
  }
  t.equal(ids.filter((id) => !byEvent.has(id)).length, 0, 'no event lost')
  t.ok(listener.received.length >= expected, `at least once: ${listener.received.length} calls for ${expected} deliveries (${whileDown} before Redis came back)`)
  t.same(await deliveryStates(db), { delivered: expected })
  await relay.close() // while Redis is still up (teardowns run last-in first-out)
})

t.test('a retry waiting in Redis when Redis loses everything is re-added with its back-off, not after the lease', async (t) => {
  const port = await freePort()
  const redisUrl = `redis://127.0.0.1:${port}`
  let redis = await startRedisServer(t, port)
  const prefix = await redisPrefix(t, redisUrl)
  const db = await openTestDb(t, 'postgres')
  const listener = await startListener(t)
  listener.respondWith = (_call, index) => index === 0 ? 503 : 204
  await createHubStore(db).create({ api: 'troubleTicket', version: 'v5', callback: listener.url, query: null, ownerPartner: null, secret: null })
  // A lease far beyond any wait of the test: delivery at all proves the retry was re-added.
  const relay = startRelay(t, { db, redisUrl, prefix, config: testConfig({ retryBaseMs: 2000 }), leaseMs: 24 * 3600_000 })
  await relay.ready
  await writeEvents(db, [{ resourceId: 'W1' }], relay)
  await waitUntil('first attempt failed', async () => {
    const res = await db.query<{ attempts: number }>('SELECT attempts FROM cx_delivery')
    return res.rows[0]?.attempts === 1
  })
  await redis.stop()
  redis = await startRedisServer(t, port)
  const [call] = await listener.waitFor(1)
  t.equal(call?.headers['x-event-id'] !== undefined, true, 'delivered after the restart, long before the day-long lease would have run out')
  const row = await until('the delivery recorded', async () => (await db.query<{ state: string, attempts: number }>("SELECT state, attempts FROM cx_delivery WHERE state = 'delivered'")).rows[0])
  t.equal(row.attempts, 2, 'by the second attempt, re-added with its back-off')
  await relay.close()
})
