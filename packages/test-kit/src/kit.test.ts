import t from 'tap'
import pg from 'pg'
import { callsBeforeMarker, type QueryableDb } from './absence.ts'
import { callAbout, resourceIdOf, startListener } from './listener.ts'
import { TEST_DATABASE_URL, testDbOptions } from './databases.ts'
import { requireRoute, routeTo } from './lifecycle.ts'
import { until, waitUntil } from './wait.ts'

t.test('a listener records 2xx calls and answers what the test says', async (t) => {
  const listener = await startListener(t)
  listener.respondWith = (_call, index) => (index === 0 ? 503 : 204)
  const first = await fetch(listener.url, { method: 'POST', body: '{"n":1}', headers: { 'content-type': 'application/json' } })
  t.equal(first.status, 503)
  t.equal(listener.received.length, 0, 'a refused call is not recorded as received')
  const second = await fetch(listener.url, { method: 'POST', body: '{"n":2}', headers: { 'content-type': 'application/json' } })
  t.equal(second.status, 204)
  const [call] = await listener.waitFor(1)
  t.same(call?.body, { n: 2 })
  t.equal(call?.rawBody, '{"n":2}')
})

t.test('each PostgreSQL test gets its own schema, dropped at teardown', async (t) => {
  let schema = ''
  await t.test('inner', async (t) => {
    const opts = await testDbOptions(t, 'postgres')
    schema = opts.schema ?? ''
    t.match(schema, /^t_[0-9a-f]{12}$/)
  })
  const c = new pg.Client({ connectionString: TEST_DATABASE_URL })
  await c.connect()
  const left = await c.query('SELECT 1 FROM information_schema.schemata WHERE schema_name = $1', [schema])
  await c.end()
  t.equal(left.rows.length, 0)
})

t.test('routeTo finds a shortest legal route, or none', async (t) => {
  const diagram = { a: ['b', 'c'], b: ['d'], c: ['b'], d: [], e: ['a'] } as const
  t.same(routeTo(diagram, 'a', 'd'), ['b', 'd'])
  t.same(routeTo(diagram, 'a', 'a'), [])
  t.equal(routeTo(diagram, 'a', 'e'), undefined)
  t.throws(() => requireRoute(diagram, 'd', 'a'), /no route from d to a/)
})

t.test('until returns what the probe found, or fails naming what it waited for', async (t) => {
  let n = 0
  t.equal(await until('the third probe', () => ++n === 3 ? 'found' : undefined), 'found')
  await t.rejects(until('something that never comes', () => undefined, 60), /timed out after 60 ms waiting for something that never comes/)
  await t.rejects(waitUntil('false', () => false, 30), /waiting for false/)
})

t.test('callsBeforeMarker waits for deliveries still pending, so a late leak is caught', async (t) => {
  const listener = await startListener(t)
  let leaked = false
  // A stand-in store: the marker is outbox seq 5, and one earlier delivery stays pending until
  // the leaked call has reached the listener (as the relay would record it once delivered).
  const db: QueryableDb = {
    query: async <R>(sql: string) => ({
      rows: (sql.includes('FROM cx_outbox WHERE event_id') ? [{ seq: '5', api: 'troubleTicket' }] : [{ unrelayed: 0, pending: leaked ? 0 : 1 }]) as R[]
    })
  }
  const post = async (eventId: string, id: string): Promise<void> => {
    await fetch(listener.url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-event-id': eventId }, body: JSON.stringify({ eventId, eventType: 'TroubleTicketCreateEvent', event: { troubleTicket: { id } } }) })
  }
  const calls = await callsBeforeMarker(db, listener, async () => {
    await post('marker', 'M')
    // The leak arrives well after the marker, as a delivery the relay picked up on a later sweep.
    setTimeout(() => { post('late', 'A').then(() => { leaked = true }, () => {}) }, 300)
    return callAbout('M')
  })
  t.same(calls.map(resourceIdOf), ['A'], 'the late call is among those returned')

  const silent = await startListener(t)
  await t.rejects(callsBeforeMarker(db, silent, async () => callAbout('never'), 100), /waiting for the marker event/, 'no marker, no proof')
})
