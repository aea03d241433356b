import t from 'tap'
import pg from 'pg'
import { testDbOptions } from '@cx/test-kit'
import { openDb } from './open-db.ts'
import { migrate } from './migrate.ts'
import { coreMigrations } from './core-schema.ts'
import { appendToOutbox, OUTBOX_CHANNEL } from './outbox.ts'

t.test('an outbox write notifies listeners at commit, not before', async (t) => {
  const opts = await testDbOptions(t, 'postgres')
  const db = await openDb(opts)
  t.teardown(() => db.close())
  await migrate(db, coreMigrations)
  const listener = new pg.Client({ connectionString: opts.databaseUrl })
  await listener.connect()
  t.teardown(() => listener.end())
  const heard: number[] = []
  listener.on('notification', (n) => { if (n.channel === OUTBOX_CHANNEL) heard.push(Date.now()) })
  await listener.query(`LISTEN ${OUTBOX_CHANNEL}`)

  let committedAt = 0
  await db.transaction(async (tx) => {
    await appendToOutbox(tx, [{ eventId: 'e1', api: 'x', resourceType: 'T', resourceId: '1', eventType: 'TCreateEvent', parties: [], payload: {} }])
    await new Promise((resolve) => setTimeout(resolve, 150))
    t.equal(heard.length, 0, 'nothing is announced while the transaction is open')
    committedAt = Date.now()
  })
  const deadline = Date.now() + 3000
  while (heard.length === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10))
  t.equal(heard.length, 1, 'one notification per statement')
  t.ok((heard[0] ?? 0) >= committedAt)
})
