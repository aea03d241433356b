import t from 'tap'
import { aTroubleTicket, MERGE_PATCH, outboxEvents, storeKinds } from '@cx/test-kit'
import { as, startTroubleTickets, V5 } from './test-support.ts'

// The engine's `now` option: every server-set timestamp comes from the injected clock, so tests
// and back-dated imports move time instead of sleeping.
for (const kind of storeKinds()) {
  t.test(`server-set timestamps follow the injected clock on ${kind}`, async (t) => {
    let now = new Date('2026-03-01T08:00:00.000Z')
    const app = await startTroubleTickets(t, kind, { now: () => now })
    const op = as(app, 'operator')
    const created = (await op({ method: 'POST', url: `${V5}/troubleTicket`, payload: aTroubleTicket() })).json()
    t.equal(created.creationDate, '2026-03-01T08:00:00.000Z')
    t.equal(created.lastUpdate, '2026-03-01T08:00:00.000Z')
    t.equal(created.statusChangeHistory[0].statusChangeDate, '2026-03-01T08:00:00.000Z')

    now = new Date('2026-03-02T10:30:00.000Z')
    const moved = (await op({ method: 'PATCH', url: created.href, headers: MERGE_PATCH, payload: { status: 'inProgress' } })).json()
    t.equal(moved.lastUpdate, '2026-03-02T10:30:00.000Z')
    t.equal(moved.statusChangeDate, '2026-03-02T10:30:00.000Z')
    t.equal(moved.creationDate, '2026-03-01T08:00:00.000Z', 'creationDate is kept')

    const events = await outboxEvents(app, { resourceId: created.id })
    t.same(events.map((e) => [e.eventType, e.payload.eventTime]), [
      ['TroubleTicketCreateEvent', '2026-03-01T08:00:00.000Z'],
      ...events.slice(1).map((e) => [e.eventType, '2026-03-02T10:30:00.000Z'])
    ])
    t.ok(events.length >= 2)
  })
}
