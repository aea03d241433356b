import t from 'tap'
import pg from 'pg'
import { startListener } from './listener.ts'
import { TEST_DATABASE_URL, testDbOptions } from './databases.ts'

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
