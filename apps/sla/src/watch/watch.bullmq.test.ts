import { randomBytes } from 'node:crypto'
import t from 'tap'
import { freePort, redisPrefix, TEST_REDIS_URL, waitUntil } from '@cx/test-kit'
import { activeSla, aTicket, clocksOf, deliver, startWatchingSla, TestClock, violationsOf } from './watch-test-support.ts'

type Body = Record<string, unknown>

t.test('with Redis, a deadline fires through its BullMQ delayed job and is recorded once, on postgres', async (t) => {
  const prefix = await redisPrefix(t, TEST_REDIS_URL)
  const clock = new TestClock(Date.parse('2026-03-02T08:00:00Z'))
  // The safety round waits an hour: only the delayed job can fire the deadline within the test.
  const app = await startWatchingSla(t, 'postgres', clock, {
    deadlines: 'auto',
    redisUrl: TEST_REDIS_URL,
    deadlineQueue: { name: `sla-deadlines-${randomBytes(4).toString('hex')}`, prefix },
    deadlineRoundMs: 3_600_000
  })
  await activeSla(app)
  // Delivered 2 s before its acknowledgement deadline (09:30:00.001): the job waits ~2 real seconds.
  clock.set('2026-03-02T09:29:58Z')
  t.equal(await deliver(app, 'troubleTicket', aTicket('tt-b1', '2026-03-02T09:00:00Z')), 204)
  t.equal((await violationsOf(app, 'tt-b1')).length, 0, 'nothing before the deadline')
  // The job's own look at the clock must find it due when it runs.
  clock.set('2026-03-02T09:30:05Z')

  await waitUntil('the violation of the fired deadline', async () => (await violationsOf(app, 'tt-b1')).length > 0, 15_000)
  const tta = (await clocksOf(app, 'tt-b1')).find((c) => (c.rule as Body).id === 'tta')
  t.equal(tta?.state, 'breached', 'the acknowledgement clock is breached')
  await new Promise((resolve) => setTimeout(resolve, 1500))
  const violations = await violationsOf(app, 'tt-b1')
  t.equal(violations.length, 1, 'recorded once')
  t.match(violations[0], { rule: { id: 'tta' }, date: '2026-03-02T09:30:00.001Z' })
})

t.test('with Redis unreachable, the service starts, its safety round fires deadlines, and it stops within bounds', async (t) => {
  // Nothing listens on this port: every connection keeps retrying.
  const redisUrl = `redis://127.0.0.1:${await freePort()}`
  const clock = new TestClock(Date.parse('2026-03-02T08:00:00Z'))
  const app = await startWatchingSla(t, 'postgres', clock, {
    deadlines: 'auto',
    redisUrl,
    deadlineQueue: { name: `sla-deadlines-${randomBytes(4).toString('hex')}`, prefix: 'cxtest-unreachable' }
  })
  await activeSla(app)
  clock.set('2026-03-02T09:29:58Z')
  t.equal(await deliver(app, 'troubleTicket', aTicket('tt-b2', '2026-03-02T09:00:00Z')), 204)
  clock.set('2026-03-02T09:30:05Z')
  await waitUntil('the violation fired by the safety round', async () => (await violationsOf(app, 'tt-b2')).length > 0, 15_000)
  t.equal((await violationsOf(app, 'tt-b2')).length, 1, 'recorded once')

  const stopping = Date.now()
  await app.close()
  const took = Date.now() - stopping
  t.ok(took < 10_000, `closed in ${took} ms while Redis is unreachable`)
})
