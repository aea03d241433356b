import { fileURLToPath } from 'node:url'
import t from 'tap'
import { tmfServerOptionsFromEnv } from '@cx/engine'
import { aTroubleTicket, appQueue, callAbout, queueState, runnerOverrides, startListener, startNodeScript, TEST_DATABASE_URL, TEST_REDIS_URL, until } from '@cx/test-kit'
import { as, mergePatch, startTroubleTickets, V5 } from './test-support.ts'

// Scaled-out delivery as the README describes it: the app with RUN_WORKERS=false only turns its
// outbox into queued jobs, and `pnpm --filter @cx/events worker` (a process of its own) delivers
// them. PostgreSQL only: two processes cannot share an in-memory PGlite.
const WORKER = fileURLToPath(new URL('./worker.ts', import.meta.resolve('@cx/events')))

t.test('RUN_WORKERS=false: the app queues, a separate worker process delivers', async (t) => {
  const runWorkers = tmfServerOptionsFromEnv({ RUN_WORKERS: 'false' }).runWorkers
  t.equal(runWorkers, false, 'RUN_WORKERS=false reaches the server options')
  const app = await startTroubleTickets(t, 'postgres', { ...await runnerOverrides('bullmq'), runWorkers })
  const op = as(app, 'operator')
  const listener = await startListener(t)
  t.equal((await op({ method: 'POST', url: `${V5}/hub`, payload: { callback: listener.url } })).statusCode, 201)
  const ticket = (await op({ method: 'POST', url: `${V5}/troubleTicket`, payload: aTroubleTicket() })).json()

  const queue = await appQueue(app.db)
  const queued = await until('the delivery job waiting in Redis', async () => {
    const state = await queueState(queue)
    return state.waiting >= 1 ? state : undefined
  })
  t.equal(queued.workers, 0, 'nothing in the app consumes the queue')

  const schema = (await app.db.query<{ schema: string }>('SELECT current_schema() AS schema')).rows[0]?.schema ?? ''
  const worker = await startNodeScript(t, WORKER, {
    DATABASE_URL: TEST_DATABASE_URL,
    DATABASE_SCHEMA: schema,
    REDIS_URL: TEST_REDIS_URL,
    CX_MODE: 'production',
    HUB_CALLBACK_ALLOWLIST: '127.0.0.1',
    HUB_MAX_ATTEMPTS: '3',
    HUB_RETRY_BASE_MS: '20',
    LOG_LEVEL: 'info'
  }, /"msg":"event relay started"/, 'the delivery worker')

  t.ok((await listener.waitFor(1)).some(callAbout(ticket.id, 'TroubleTicketCreateEvent')), 'the worker delivered the queued event')
  t.equal((await queueState(queue)).workers, 1, 'the worker process is the queue\'s only consumer')
  await mergePatch(op, ticket.href, { status: 'inProgress' })
  const calls = await listener.waitFor(3)
  t.same(calls.map((c) => (c.body as { eventType: string }).eventType),
    ['TroubleTicketCreateEvent', 'TroubleTicketAttributeValueChangeEvent', 'TroubleTicketStatusChangeEvent'], 'later writes flow through it too, in order')
  const delivered = await until('the deliveries recorded by the worker', async () => {
    const res = await app.db.query<{ n: number }>("SELECT count(*)::int AS n FROM cx_delivery WHERE state = 'delivered'")
    return res.rows[0]?.n === 3 ? 3 : undefined
  })
  t.equal(delivered, 3)

  await worker.stop()
  t.equal(worker.child.exitCode, 0, 'SIGTERM stops the worker cleanly')
})
