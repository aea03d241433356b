import t from 'tap'
import { freePort, startApp, startRedisServer, storeKinds } from '@cx/test-kit'
import { buildApp } from './app.ts'

// The orchestrator probes (engine health routes), through the HTTP surface of one app.

for (const kind of storeKinds()) {
  t.test(`health probes on ${kind}`, async (t) => {
    t.test('ready once migrated with the relay running; no token needed', async (t) => {
      const app = await startApp(t, buildApp, kind)
      const live = await app.inject({ url: '/health/live' })
      t.equal(live.statusCode, 200)
      t.same(live.json(), { status: 'ok' })
      const ready = await app.inject({ url: '/health/ready' })
      t.equal(ready.statusCode, 200)
      t.same(ready.json(), { status: 'ready', checks: { database: 'up', migrations: 'done', relay: 'running' } })

      // A migration the app needs is no longer recorded (a restored backup, the wrong database).
      const db = (app as unknown as { db: { query: (sql: string) => Promise<unknown> } }).db
      await db.query('DELETE FROM cx_migration WHERE id = (SELECT max(id) FROM cx_migration)')
      const pending = await app.inject({ url: '/health/ready' })
      t.equal(pending.statusCode, 503)
      t.same(pending.json(), { status: 'not ready', checks: { database: 'up', migrations: 'pending', relay: 'running' } })
    })

    t.test('with Redis: reported, and not ready while it is unreachable', async (t) => {
      const port = await freePort()
      const redis = await startRedisServer(t, port)
      const app = await startApp(t, buildApp, kind, { redisUrl: `redis://127.0.0.1:${port}` })
      const up = await waitForStatus(app, 200)
      t.same(up.json(), { status: 'ready', checks: { database: 'up', migrations: 'done', relay: 'running', redis: 'up' } })
      await redis.stop()
      const down = await waitForStatus(app, 503)
      t.same(down.json(), { status: 'not ready', checks: { database: 'up', migrations: 'done', relay: 'running', redis: 'down' } })
      t.equal((await app.inject({ url: '/health/live' })).statusCode, 200, 'still live: a Redis outage is no reason to restart')

      // Redis comes back on the same address: ready again without a restart. The app is closed
      // while Redis is up, as an orchestrator stops it after an outage has ended.
      await startRedisServer(t, port)
      const back = await waitForStatus(app, 200)
      t.same(back.json(), { status: 'ready', checks: { database: 'up', migrations: 'done', relay: 'running', redis: 'up' } })
      await app.close()
    })
  })
}

async function waitForStatus (app: Awaited<ReturnType<typeof startApp>>, status: number): Promise<Awaited<ReturnType<typeof app.inject>>> {
  const deadline = Date.now() + 30_000
  for (;;) {
    const res = await app.inject({ url: '/health/ready' })
    if (res.statusCode === status || Date.now() > deadline) return res
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}
