import t from 'tap'
import { as, outboxEvents, storeKinds } from '@cx/test-kit'
import { createCustomer, createOrder, createTicket, patch, RESPONSES } from '../test-support.ts'
import { aTriggeredSurvey, invitationsAbout, responsesAbout, scheduled, startLoopWorld } from './loop-test-support.ts'

type Body = Record<string, unknown>
const role = (doc: Body, r: string): Body | undefined => (doc.relatedParty as Body[]).find((p) => p.role === r)?.partyOrPartyRole as Body | undefined

// Section 1 of the closed loop (apps/cx/README.md "Closed loop"): triggers → delayed invitations.
for (const kind of storeKinds()) {
  t.test(`survey triggers invite customers on ${kind}`, async (t) => {
    const w = await startLoopWorld(t, kind)
    const { clock, cx, src } = w
    const afterRepair = await aTriggeredSurvey(w, 'After a repair', [{ eventType: 'TroubleTicketResolvedEvent', delayMinutes: 60 }])
    const afterOrder = await aTriggeredSurvey(w, 'After an order', [{ eventType: 'ProductOrderStateChangeEvent', delayMinutes: 30, query: 'event.productOrder.state=completed' }])

    const ada = await createCustomer(src, 'Ada', ['fixit'])
    const ticket = await createTicket(as(w.sources, 'fixit'), ada.id, 'fixit')
    clock.advance(10)
    await patch(src, ticket.href, { status: 'inProgress' })
    clock.advance(20)
    await patch(src, ticket.href, { status: 'resolved' })
    const resolvedAt = clock.at.getTime()

    t.test('a resolved ticket schedules the survey that names its event, after the delay', async (t) => {
      const [row] = await scheduled(cx, ticket.id)
      t.equal(row?.state, 'scheduled')
      t.equal(row?.event_type, 'TroubleTicketResolvedEvent')
      t.equal(new Date(String(row?.due_at)).getTime(), resolvedAt + 60 * 60_000, 'due delayMinutes after the resolution')
      t.equal(row?.id, `${afterRepair.id}|troubleTicket/${ticket.id}`, 'keyed by survey and subject')
    })

    t.test('nothing goes out before the delay is over', async (t) => {
      clock.advance(59)
      await cx.closedLoop?.runDue()
      t.same(await responsesAbout(src, ticket.id), [], 'no response at the survey service yet')
      t.equal((await invitationsAbout(cx, ticket.id))[0]?.state, 'scheduled')
    })

    t.test('after the delay, the customer is invited: an invited SurveyResponse about the ticket', async (t) => {
      clock.advance(2)
      await cx.closedLoop?.runDue()
      const responses = await responsesAbout(src, ticket.id)
      t.equal(responses.length, 1)
      const r = responses[0] as Body
      t.equal(r.status, 'invited')
      t.equal((r.survey as Body).id, afterRepair.id)
      t.equal(role(r, 'customer')?.id, ada.id, 'for the customer of the ticket')
      t.equal(role(r, 'partner')?.id, 'fixit', 'attributed to the partner responsible for it')
      t.match(r.relatedEntity, [{ role: 'subject', entity: { id: ticket.id, '@referredType': 'TroubleTicket' } }])
      const events = await outboxEvents(w.sources, { resourceId: String(r.id), eventTypes: ['SurveyResponseCreateEvent'] })
      t.equal(events.length, 1, 'the invitation is the SurveyResponseCreateEvent on the survey hub')
      t.equal((await invitationsAbout(cx, ticket.id))[0]?.response_id, r.id)
    })

    t.test('one invitation per survey and subject: the ticket reopened and resolved again invites nobody twice', async (t) => {
      await patch(src, ticket.href, { status: 'inProgress' })
      await patch(src, ticket.href, { status: 'resolved' })
      clock.advance(120)
      await cx.closedLoop?.runDue()
      t.equal((await invitationsAbout(cx, ticket.id)).length, 1)
      t.equal((await responsesAbout(src, ticket.id)).length, 1)
    })

    t.test('a query filters the event: an order in progress does not match state=completed, a completed one does', async (t) => {
      const grace = await createCustomer(src, 'Grace', ['fibreco'])
      const order = await createOrder(src, grace.id, 'fibreco')
      await patch(src, order.href, { state: 'inProgress' })
      const marker = await createOrder(src, grace.id, 'fibreco', { description: 'marker' })
      await patch(src, marker.href, { state: 'inProgress' })
      await patch(src, marker.href, { state: 'completed' })
      await scheduled(cx, marker.id)
      t.same(await invitationsAbout(cx, order.id), [], 'the order still in progress (delivered before the marker) scheduled nothing')
      await patch(src, order.href, { state: 'completed' })
      const [row] = await scheduled(cx, order.id)
      t.equal(row?.id, `${afterOrder.id}|productOrder/${order.id}`)
      t.equal(row?.event_type, 'ProductOrderStateChangeEvent')
    })

    t.test('at most one invitation per customer in N days: a second subject of the same customer is suppressed', async (t) => {
      const second = await createTicket(src, ada.id, 'fixit', { name: 'Second outage' })
      await patch(src, second.href, { status: 'inProgress' })
      await patch(src, second.href, { status: 'resolved' })
      await scheduled(cx, second.id)
      clock.advance(61)
      await cx.closedLoop?.runDue()
      const [row] = await invitationsAbout(cx, second.id)
      t.equal(row?.state, 'suppressed')
      t.match(row?.reason, /within 7 days/)
      t.same(await responsesAbout(src, second.id), [], 'no response created')
    })

    t.test('an invitation left unanswered expires after M days (default 14)', async (t) => {
      const [sent] = await responsesAbout(src, ticket.id)
      clock.advance(13 * 24 * 60)
      await cx.closedLoop?.runDue()
      t.equal(((await src({ method: 'GET', url: `${RESPONSES}/${String(sent?.id)}` })).json() as Body).status, 'invited', 'not before')
      clock.advance(24 * 60)
      await cx.closedLoop?.runDue()
      const after = (await src({ method: 'GET', url: `${RESPONSES}/${String(sent?.id)}` })).json() as Body
      t.equal(after.status, 'expired')
      t.equal((await invitationsAbout(cx, ticket.id))[0]?.state, 'expired')
    })
  })

  t.test(`cancellation before the delay, suppression per survey, a lost lease, on ${kind}`, async (t) => {
    const w = await startLoopWorld(t, kind)
    const { clock, cx, src } = w
    await aTriggeredSurvey(w, 'First contact', [{ eventType: 'TroubleTicketCreateEvent', delayMinutes: 120, query: 'event.troubleTicket.ticketType=Request' }], { invitationSuppressionDays: 0 })
    const linus = await createCustomer(src, 'Linus', ['fixit'])

    t.test('a ticket cancelled before the delay is over gets no invitation', async (t) => {
      const ticket = await createTicket(src, linus.id, 'fixit', { ticketType: 'Request' })
      await scheduled(cx, ticket.id)
      clock.advance(30)
      await patch(src, ticket.href, { status: 'cancelled' })
      // cx must know the ticket is cancelled before the invitation is due.
      await until(cx, ticket.id, 'cancelled')
      clock.advance(100)
      await cx.closedLoop?.runDue()
      const [row] = await invitationsAbout(cx, ticket.id)
      t.equal(row?.state, 'cancelled')
      t.match(row?.reason, /cancelled/)
      t.same(await responsesAbout(src, ticket.id), [])
    })

    t.test('invitationSuppressionDays 0 lets every subject of a customer invite; a crashed call is not repeated', async (t) => {
      const a = await createTicket(src, linus.id, 'fixit', { ticketType: 'Request' })
      const b = await createTicket(src, linus.id, 'fixit', { ticketType: 'Request' })
      await scheduled(cx, a.id)
      await scheduled(cx, b.id)
      clock.advance(121)
      await cx.closedLoop?.runDue()
      t.equal((await responsesAbout(src, a.id)).length, 1)
      t.equal((await responsesAbout(src, b.id)).length, 1)
      // A replica that created the response and died before recording it: its lease runs out.
      await cx.db.query("UPDATE cx_loop_invitation SET state = 'sending', response_id = NULL, lease_until = $2 WHERE subject ->> 'id' = $1", [a.id, clock.at])
      await cx.closedLoop?.runDue()
      const [row] = await invitationsAbout(cx, a.id)
      t.equal(row?.state, 'invited', 'the retry finished the invitation')
      t.equal((await responsesAbout(src, a.id)).length, 1, 'by finding the response made before, not making another')
      t.equal(row?.response_id, (await responsesAbout(src, a.id))[0]?.id)
    })

    t.test('duplicate and replayed events schedule nothing twice', async (t) => {
      const c = await createTicket(src, linus.id, 'fixit', { ticketType: 'Request' })
      await scheduled(cx, c.id)
      // Every version of the ticket re-offers its creation; a second cx replica would too.
      for (let i = 0; i < 3; i++) await patch(src, c.href, { description: `edit ${i}` })
      await until(cx, c.id, 'acknowledged', (d) => String(d.description) === 'edit 2')
      const rows = await invitationsAbout(cx, c.id)
      t.equal(rows.length, 1)
      clock.advance(121)
      await Promise.all([cx.closedLoop?.runDue(), cx.closedLoop?.runDue()])
      t.equal((await responsesAbout(src, c.id)).length, 1)
    })
  })
}

/** Waits until cx holds the ticket in `status` (and `also`). */
async function until (cx: { db: { query: <R>(sql: string, p?: unknown[]) => Promise<{ rows: R[] }> } }, id: string, status: string, also: (d: Body) => boolean = () => true): Promise<void> {
  const { waitUntil } = await import('@cx/test-kit')
  await waitUntil(`ticket ${id} ${status} in cx`, async () => {
    const doc = (await cx.db.query<{ doc: Body }>("SELECT doc FROM cx_entity WHERE kind = 'troubleTicket' AND id = $1", [id])).rows[0]?.doc
    return doc?.status === status && also(doc)
  })
}
