import t from 'tap'
import { as, storeKinds, until } from '@cx/test-kit'
import { createCustomer, createTicket, JOURNEY, patch, RESPONSES, startCxWith, the360, TICKETS } from '../test-support.ts'
import { aTriggeredSurvey, invitationsAbout, responsesAbout, scheduled, startLoopWorld } from './loop-test-support.ts'

type Body = Record<string, unknown>
const RECOVERY = '/tmf-api/cxAnalytics/v1/recovery'
const answers = (nps: number, csat: number): Body => ({
  status: 'completed',
  answer: [{ '@type': 'SurveyAnswer', questionId: 'nps', value: nps }, { '@type': 'SurveyAnswer', questionId: 'csat', value: csat }]
})

// Section 2 of the closed loop (apps/cx/README.md "Closed loop"): detractor → complaint → resolution → follow-up.
for (const kind of storeKinds()) {
  t.test(`a detractor's recovery, followed through, on ${kind}`, async (t) => {
    const w = await startLoopWorld(t, kind)
    const { clock, cx, src } = w
    const survey = await aTriggeredSurvey(w, 'After a repair', [{ eventType: 'TroubleTicketResolvedEvent', delayMinutes: 60 }], { followUpDelayMinutes: 60 })
    const ada = await createCustomer(src, 'Ada', ['fixit'])
    const ticket = await createTicket(as(w.sources, 'fixit'), ada.id, 'fixit')
    for (const status of ['inProgress', 'resolved']) await patch(src, ticket.href, { status })
    await scheduled(cx, ticket.id)
    clock.advance(61)
    await cx.closedLoop?.runDue()
    const [invitation] = await responsesAbout(src, ticket.id)
    clock.advance(30)
    await patch(src, `${RESPONSES}/${String(invitation?.id)}`, answers(3, 2))

    const recoveryRow = async (): Promise<{ state: string, doc: Body }> => await until('the recovery row', async () =>
      (await cx.db.query<{ state: string, doc: Body }>('SELECT state, doc FROM cx_loop_recovery WHERE id = $1', [invitation?.id])).rows[0])
    const complaints = async (): Promise<Body[]> => (await src({ method: 'GET', url: `${TICKETS}?ticketType=Complaint` })).json()

    let complaint: Body = {}
    t.test('a completed answer with NPS ≤ 6 or CSAT ≤ 2 opens one complaint ticket through TMF621', async (t) => {
      await recoveryRow()
      await cx.closedLoop?.runDue()
      const [c, ...more] = await complaints()
      t.same(more, [], 'one ticket')
      complaint = c as Body
      t.equal(complaint.ticketType, 'Complaint')
      t.equal(complaint.severity, 'Major', 'NPS 3–4 is Major (the documented rule)')
      t.match(complaint.relatedEntity, [
        { role: 'surveyResponse', entity: { id: invitation?.id, '@referredType': 'SurveyResponse' } },
        { role: 'subject', entity: { id: ticket.id, '@referredType': 'TroubleTicket' } }
      ])
      const parties = (complaint.relatedParty as Body[]).map((p) => [p.role, (p.partyOrPartyRole as Body).id])
      t.same(parties, [['customer', ada.id], ['partner', 'fixit']], 'the customer and the attributed partner')
    })

    t.test('once per response: a replica that died after creating the ticket does not make a second one', async (t) => {
      await cx.db.query("UPDATE cx_loop_recovery SET state = 'opening', lease_until = $2 WHERE id = $1", [invitation?.id, clock.at])
      await cx.closedLoop?.runDue()
      t.equal((await complaints()).length, 1)
      t.equal((await recoveryRow()).state, 'open')
    })

    t.test('the recovery is visible: the list (partner-scoped), the 360 and the journey', async (t) => {
      const list = (await as(cx, 'operator')({ method: 'GET', url: `${RECOVERY}?customer.id=${ada.id}` }))
      t.equal(list.statusCode, 200)
      t.equal(list.headers['x-total-count'], '1')
      t.match(list.json(), [{ id: invitation?.id, state: 'open', customer: { id: ada.id }, partner: { id: 'fixit' }, npsBefore: 3, csatBefore: 2, npsAfter: null, complaintTicket: { id: complaint.id } }])
      t.equal((await as(cx, 'fixit')({ method: 'GET', url: RECOVERY })).json().length, 1, 'the attributed partner sees it')
      t.same((await as(cx, 'fibreco')({ method: 'GET', url: RECOVERY })).json(), [], 'another partner does not')
      t.equal((await as(cx, 'fibreco')({ method: 'GET', url: `${RECOVERY}/${String(invitation?.id)}` })).statusCode, 404)
      t.equal((await as(cx, 'operator')({ method: 'POST', url: RECOVERY, payload: {} })).statusCode, 405, 'read-only')
      t.equal((await as(cx, 'operator')({ method: 'GET', url: `${RECOVERY}?npsBefore.lt=nope` })).statusCode, 400, 'a bad filter is a 400')
      const view = await the360(cx, 'operator', ada.id, (d) => (d.experience as Body).openRecoveries === 1)
      t.equal((view.experience as Body).openRecoveries, 1)
      const journey = (await as(cx, 'operator')({ method: 'GET', url: `${JOURNEY}?customer.id=${ada.id}&kind=recoveryOpened` })).json() as Body[]
      t.equal(journey.length, 1)
      t.match(journey[0], { entity: { id: complaint.id, '@referredType': 'TroubleTicket' }, partner: { id: 'fixit' } })
    })

    t.test('the complaint resolved schedules a follow-up, exempt from suppression, after followUpDelayMinutes', async (t) => {
      clock.advance(120)
      for (const status of ['inProgress', 'resolved']) await patch(src, String(complaint.href), { status })
      const resolvedAt = clock.at.getTime()
      const row = await until('the follow-up', async () => (await cx.db.query<{ state: string, due_at: Date, survey_id: string }>(
        'SELECT state, due_at, survey_id FROM cx_loop_invitation WHERE follow_up_of = $1', [invitation?.id])).rows[0])
      t.equal(new Date(row.due_at).getTime(), resolvedAt + 60 * 60_000)
      t.equal(row.survey_id, survey.id, 'the same survey by default')
      t.equal((await recoveryRow()).state, 'resolved')
      clock.advance(61)
      await cx.closedLoop?.runDue()
      const followUps = await responsesAbout(src, String(complaint.id))
      t.equal(followUps.length, 1, 'invited although the customer was invited hours ago (7-day rule)')
      t.equal(followUps[0]?.status, 'invited')
      t.match(followUps[0]?.relatedEntity, [{ role: 'subject', entity: { id: ticket.id } }, { role: 'complaint', entity: { id: complaint.id } }])

      await patch(src, `${RESPONSES}/${String(followUps[0]?.id)}`, answers(9, 5))
      const done = await until('followed up', async () => { const r = await recoveryRow(); return r.state === 'followedUp' ? r : undefined })
      t.match(done.doc, { state: 'followedUp', npsBefore: 3, npsAfter: 9, csatAfter: 5, followUpResponse: { id: followUps[0]?.id } })
      const list = (await as(cx, 'operator')({ method: 'GET', url: `${RECOVERY}?state=followedUp&fields=npsBefore,npsAfter` })).json() as Body[]
      t.same(list, [{ id: invitation?.id, href: `${RECOVERY}/${String(invitation?.id)}`, '@type': 'Recovery', npsBefore: 3, npsAfter: 9 }])
      const view = await the360(cx, 'operator', ada.id, (d) => (d.experience as Body).openRecoveries === 0 && (d.experience as Body).npsValue === 9)
      t.equal((view.experience as Body).openRecoveries, 0)
      const kinds = ((await as(cx, 'operator')({ method: 'GET', url: `${JOURNEY}?customer.id=${ada.id}&kind=recoveryOpened,recoveryResolved,followUpAnswered` })).json() as Body[]).map((e) => e.kind)
      t.same(kinds, ['recoveryOpened', 'recoveryResolved', 'followUpAnswered'])
      t.equal((await complaints()).length, 1, 'a follow-up answer opens no new complaint')
    })

    t.test('a passive or promoter answer opens nothing', async (t) => {
      const bob = await createCustomer(src, 'Bob', ['fixit'])
      const other = await createTicket(src, bob.id, 'fixit')
      for (const status of ['inProgress', 'resolved']) await patch(src, other.href, { status })
      await scheduled(cx, other.id)
      clock.advance(61)
      await cx.closedLoop?.runDue()
      const [r] = await responsesAbout(src, other.id)
      await patch(src, `${RESPONSES}/${String(r?.id)}`, answers(8, 4))
      await until('the answer in cx', async () => (await invitationsAbout(cx, other.id))[0]?.state === 'answered' ? true : undefined)
      await cx.closedLoop?.runDue()
      t.equal((await cx.db.query('SELECT 1 FROM cx_loop_recovery WHERE id = $1', [r?.id])).rows.length, 0)
      t.equal((await complaints()).length, 1)
    })
  })

  t.test(`a scheduled invitation survives a restart of cx on ${kind}`, async (t) => {
    const w = await startLoopWorld(t, kind, true)
    const { clock, src } = w
    await aTriggeredSurvey(w, 'After a repair', [{ eventType: 'TroubleTicketResolvedEvent', delayMinutes: 60 }])
    const ada = await createCustomer(src, 'Ada', ['fixit'])
    const ticket = await createTicket(src, ada.id, 'fixit')
    for (const status of ['inProgress', 'resolved']) await patch(src, ticket.href, { status })
    await scheduled(w.cx, ticket.id)
    await w.cx.close()
    clock.advance(61)
    const cx = await startCxWith(t, w.cxOptions)
    await cx.closedLoop?.runDue()
    t.equal((await responsesAbout(src, ticket.id)).length, 1, 'the restarted cx sent it')
    t.equal((await invitationsAbout(cx, ticket.id))[0]?.state, 'invited')
    await cx.closedLoop?.runDue()
    t.equal((await responsesAbout(src, ticket.id)).length, 1, 'once')
  })
}
