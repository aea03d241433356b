import t from 'tap'
import { redisPrefix, startListener, testDbOptions, TEST_REDIS_URL, waitUntil } from '@cx/test-kit'
import { coreMigrations, migrate, openDb } from '@cx/store'
import { createHubStore } from './hub-store.ts'
import { eventsMigrations } from './schema.ts'
import { deliveryStates, writeEvents } from './testing/harness.ts'
import { startRelayProcess } from './testing/processes.ts'

// The relaying process is killed with SIGKILL in the middle of a burst and restarted: every
// event still reaches the listener (at least once). Writes come from this process, as from an
// app whose relay runs elsewhere, so the child finds them by polling.
for (const mode of ['bullmq', 'in-process'] as const) {
  t.test(`SIGKILL of the relaying process mid-burst (${mode})`, async (t) => {
    const opts = await testDbOptions(t, 'postgres')
    const db = await openDb(opts)
    t.teardown(async () => await db.close())
    await migrate(db, [...coreMigrations, ...eventsMigrations])
    const listener = await startListener(t)
    const hubs = createHubStore(db)
    await hubs.create({ api: 'troubleTicket', version: 'v5', callback: listener.url, query: null, ownerPartner: null, secret: null })
    await hubs.create({ api: 'troubleTicket', version: 'v5', callback: `${listener.url}?second`, query: null, ownerPartner: null, secret: null })
    const env: Record<string, string> = {
      DATABASE_URL: opts.databaseUrl ?? '',
      DB_SCHEMA: opts.schema ?? '',
      REDIS_URL: mode === 'bullmq' ? TEST_REDIS_URL : '',
      PREFIX: mode === 'bullmq' ? await redisPrefix(t) : ''
    }
    let child = await startRelayProcess(t, env)
    const events = Array.from({ length: 400 }, (_, i) => ({ resourceId: `K${i % 40}`, eventType: 'TroubleTicketAttributeValueChangeEvent', doc: { n: i } }))
    const first = writeEvents(db, events.slice(0, 250))
    await listener.waitFor(60, 20_000)
    await child.kill()
    const atKill = listener.received.length
    const ids = [...await first, ...await writeEvents(db, events.slice(250))]
    child = await startRelayProcess(t, env)

    await waitUntil('every delivery', async () => (await deliveryStates(db)).delivered === 800, 60_000)
    const seen = new Map<string, number>()
    for (const c of listener.received) {
      const key = `${c.path}|${String(c.headers['x-event-id'])}`
      seen.set(key, (seen.get(key) ?? 0) + 1)
    }
    const missing = ids.flatMap((id) => ['/listener', '/listener?second'].filter((p) => !seen.has(`${p}|${id}`)))
    t.equal(missing.length, 0, `every event reached both subscriptions (killed after ${atKill} calls)`)
    const duplicates = [...seen.values()].filter((n) => n > 1).length
    t.ok(listener.received.length >= 800, `${listener.received.length} calls, ${duplicates} duplicated deliveries (allowed: at least once)`)
    // Per-resource order holds for the deliveries that were not repeats.
    for (const path of ['/listener', '/listener?second']) {
      const last = new Map<string, number>()
      let outOfOrder = 0
      for (const c of listener.received.filter((x) => x.path === path)) {
        const tt = (c.body as { event: { troubleTicket: { id: string, n: number } } }).event.troubleTicket
        if ((last.get(tt.id) ?? -1) > tt.n && (seen.get(`${path}|${String(c.headers['x-event-id'])}`) ?? 0) === 1) outOfOrder++
        last.set(tt.id, Math.max(last.get(tt.id) ?? -1, tt.n))
      }
      t.equal(outOfOrder, 0, `per-resource order at ${path}`)
    }
    await child.kill()
  })
}
