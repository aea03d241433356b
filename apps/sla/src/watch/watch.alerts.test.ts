import t from 'tap'
import { as, startListener, storeKinds, eventTypes } from '@cx/test-kit'
import { anSla, createSla, ROOT } from '../test-support.ts'
import { activeSla, aTicket, clocksOf, deliver, startWatchingSla, TestClock, violationsOf } from './watch-test-support.ts'

type Body = Record<string, unknown>

for (const kind of storeKinds()) {
  t.test(`jeopardy alert at 80 % on the hub, scoped to the partner, on ${kind}`, async (t) => {
    const clock = new TestClock(Date.parse('2026-03-02T08:00:00Z'))
    const app = await startWatchingSla(t, kind, clock)
    await app.listen({ port: 0, host: '127.0.0.1' })
    await activeSla(app)
    const own = await startListener(t)
    const other = await startListener(t)
    const subscribe = async (who: string, url: string): Promise<void> => {
      const res = await as(app, who)({ method: 'POST', url: `${ROOT}/hub`, payload: { callback: url, query: 'eventType=SlaJeopardyAlertEvent,SlaViolationCreateEvent' } })
      t.equal(res.statusCode, 201, res.body)
    }
    await subscribe('partner-a', own.url)
    await subscribe('partner-b', other.url)

    clock.set('2026-03-02T09:00:00Z')
    await deliver(app, 'troubleTicket', aTicket('tt-j', '2026-03-02T09:00:00Z'))
    const tta = (await clocksOf(app, 'tt-j')).find((c) => (c.rule as Body).id === 'tta')
    t.notOk(tta?.jeopardy, 'no jeopardy yet')
    // 80 % of 30 minutes: 24 minutes.
    clock.set('2026-03-02T09:24:00Z')
    t.ok(await app.slaWatcher?.tick(), 'the jeopardy deadline fires')
    const alerted = (await clocksOf(app, 'tt-j')).find((c) => (c.rule as Body).id === 'tta')
    t.match(alerted, { state: 'running', jeopardy: { date: '2026-03-02T09:24:00.000Z', threshold: 0.8, deadline: '2026-03-02T09:30:00.001Z' } })
    clock.set('2026-03-02T09:25:00Z')
    t.equal(await app.slaWatcher?.tick(), 0, 'the alert is raised once')
    clock.set('2026-03-02T09:31:00Z')
    await app.slaWatcher?.tick()
    const calls = await own.waitFor(2)
    t.same(eventTypes(calls), ['SlaJeopardyAlertEvent', 'SlaViolationCreateEvent'], 'the partner hears the warning, then the breach')
    const alert = calls[0]?.body as Body
    t.match(alert, { event: { slaClock: { relatedEntity: { id: 'tt-j' }, rule: { id: 'tta' } } } })
    // Partner b is held to no SLA here: a marker it may see proves it heard nothing before.
    await createSla(as(app, 'operator'), anSla({}, 'partner-b'), [])
    t.same(other.received.length, 0, 'another partner hears nothing')
    t.same(await clocksOf(app, 'tt-j', 'partner-b'), [], 'nor reads the clocks')
    t.equal((await clocksOf(app, 'tt-j', 'partner-a')).length, 2, 'the provider reads its clocks')
    t.same(await violationsOf(app, 'tt-j', 'partner-b'), [])
    const post = await as(app, 'partner-a')({ method: 'POST', url: `${ROOT}/slaClock`, payload: { '@type': 'SlaClock' } })
    t.equal(post.statusCode, 405, 'clocks are read-only')
  })

  t.test(`duplicates, reordering and restart recovery, on ${kind}`, async (t) => {
    const clock = new TestClock(Date.parse('2026-03-02T08:00:00Z'))
    const app = await startWatchingSla(t, kind, clock)
    await activeSla(app)
    const created = '2026-03-02T09:00:00Z'
    const v1 = aTicket('tt-r', created)
    const v2 = aTicket('tt-r', created, [{ status: 'inProgress', at: '2026-03-02T09:10:00Z' }])
    const v3 = aTicket('tt-r', created, [{ status: 'inProgress', at: '2026-03-02T09:10:00Z' }, { status: 'resolved', at: '2026-03-02T10:00:00Z' }])
    clock.set('2026-03-02T10:00:00Z')
    // Newest first, then the older ones, each twice (the same eventId redelivered).
    t.equal(await deliver(app, 'troubleTicket', v3, { eventId: 'e3' }), 204)
    t.equal(await deliver(app, 'troubleTicket', v1, { eventId: 'e1' }), 204)
    t.equal(await deliver(app, 'troubleTicket', v2, { eventId: 'e2' }), 204)
    t.equal(await deliver(app, 'troubleTicket', v3, { eventId: 'e3' }), 204)
    t.equal(await deliver(app, 'troubleTicket', v1, { eventId: 'e1' }), 204)
    const clocks = await clocksOf(app, 'tt-r')
    t.same(clocks.map((c) => [(c.rule as Body).id, c.state, c.elapsed]), [['tta', 'stopped', 10], ['ttr', 'stopped', 1]], 'the newest version wins whatever the order')
    const inbox = await app.db.query<{ n: number }>('SELECT count(*)::int AS n FROM sla_inbox')
    t.equal(inbox.rows[0]?.n, 3, 'each eventId once')
    t.equal(await deliver(app, 'troubleTicket', v1, { secret: 'not-the-secret-at-all' }), 401, 'a bad signature is refused')

    // A ticket left open, then nothing runs past both its deadlines (the service down): the first
    // round over the stored deadlines (what a restarted scheduler runs first) fires both at once.
    await deliver(app, 'troubleTicket', aTicket('tt-down', '2026-03-02T10:00:00Z'))
    t.equal((await app.db.query<{ n: number }>("SELECT count(*)::int AS n FROM sla_deadline WHERE entity_id = 'tt-down'")).rows[0]?.n, 2)
    clock.set('2026-03-02T18:00:00Z')
    t.equal(await app.slaWatcher?.tick(), 2, 'both overdue clocks fire on the first round')
    const violations = await violationsOf(app, 'tt-down')
    t.same(violations.map((v) => [(v.rule as Body).id, v.date]), [['tta', '2026-03-02T10:30:00.001Z'], ['ttr', '2026-03-02T14:00:00.001Z']], 'dated when the breach happened, not when it was noticed')
  })

  t.test(`an SLA that becomes active takes on the tickets already open, on ${kind}`, async (t) => {
    const clock = new TestClock(Date.parse('2026-03-02T08:00:00Z'))
    const app = await startWatchingSla(t, kind, clock)
    await deliver(app, 'troubleTicket', aTicket('tt-open', '2026-03-02T08:00:00Z'))
    await deliver(app, 'troubleTicket', aTicket('tt-done', '2026-03-02T07:00:00Z', [{ status: 'inProgress', at: '2026-03-02T07:05:00Z' }, { status: 'resolved', at: '2026-03-02T07:30:00Z' }]))
    t.same(await clocksOf(app, 'tt-open'), [], 'no SLA, no clock')
    clock.set('2026-03-02T09:00:00Z')
    await activeSla(app)
    const clocks = await clocksOf(app, 'tt-open')
    t.same(clocks.map((c) => [(c.rule as Body).id, c.startDate]), [['tta', '2026-03-02T08:00:00Z'], ['ttr', '2026-03-02T08:00:00Z']], 'measured from creation')
    t.same(await clocksOf(app, 'tt-done'), [], 'a ticket finished before the SLA became active is not measured')
    t.equal((await violationsOf(app, 'tt-open')).length, 1, 'its acknowledgement was already late')
  })
}
