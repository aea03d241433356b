import t from 'tap'
import pg from 'pg'
import { startListener } from './listener.ts'
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
