import t from 'tap'
import { until } from '@cx/test-kit'
import { caller, cxEnv, freshDatabase, startResourceServices, startService } from './services.ts'

type Body = Record<string, any>

// The closed loop across separate processes: cx invites, opens the complaint and the follow-up
// only through the survey and trouble ticket REST APIs, fed by their hubs (apps/cx README "Closed loop").
t.test('the closed loop across separate processes', async (t) => {
  const services = await startResourceServices(t)
  const op = caller('operator')
  const SURVEY = `${services.surveyResponse.url}/tmf-api/customerSatisfaction/v1`
  const TICKET = `${services.troubleTicket.url}/tmf-api/troubleTicket/v5/troubleTicket`
  const rp = (role: string, id: string, referredType: string): Body => ({ '@type': 'RelatedPartyRefOrPartyRoleRef', role, partyOrPartyRole: { '@type': 'PartyRoleRef', id, '@referredType': referredType } })
  const send = async (method: string, url: string, body: Body, expected: number): Promise<Body> => {
    const res = await op(url, { method, body, ...(method === 'PATCH' ? { headers: { 'content-type': 'application/merge-patch+json' } } : {}) })
    if (res.status !== expected) throw new Error(`${method} ${url}: ${res.status} ${JSON.stringify(await res.json())}`)
    return await res.json()
  }
  const one = async (what: string, url: string): Promise<Body> => await until(what, async () => {
    const list = await (await op(url)).json() as Body[]
    return list.length === 1 ? list[0] : undefined
  }, 60_000)
  const answer = (nps: number, csat: number): Body => ({ status: 'completed', answer: [{ '@type': 'SurveyAnswer', questionId: 'nps', value: nps }, { '@type': 'SurveyAnswer', questionId: 'csat', value: csat }] })

  // Defined before cx starts, so its first pass reads it; no delays: this test runs on the real clock.
  await send('POST', `${SURVEY}/survey`, {
    '@type': 'Survey',
    name: 'After a repair',
    status: 'active',
    question: [{ '@type': 'SurveyQuestion', id: 'nps', text: 'Recommend us?', metric: 'nps' }, { '@type': 'SurveyQuestion', id: 'csat', text: 'Satisfied?', metric: 'csat' }],
    trigger: [{ '@type': 'SurveyTrigger', eventType: 'TroubleTicketResolvedEvent', delayMinutes: 0 }],
    followUpDelayMinutes: 0
  }, 201)
  const cx = await startService(t, 'cx', 'apps/cx/src/server.ts', await cxEnv(services, await freshDatabase(t, 'cx')))
  const customer = await send('POST', `${services.customer.url}/tmf-api/customerManagement/v5/customer`, {
    '@type': 'Customer', name: 'Ada Lovelace', engagedParty: { '@type': 'PartyRef', id: 'ada', '@referredType': 'Individual' }, relatedParty: [rp('partner', 'fixit', 'BusinessPartner')]
  }, 201)
  const ticket = await send('POST', TICKET, {
    '@type': 'TroubleTicket', name: 'No broadband', description: 'No broadband', severity: 'Major', ticketType: 'Incident', relatedParty: [rp('customer', customer.id, 'Customer'), rp('partner', 'fixit', 'BusinessPartner')]
  }, 201)
  for (const status of ['inProgress', 'resolved']) await send('PATCH', `${TICKET}/${String(ticket.id)}`, { status }, 200)

  const invitation = await one('the invitation', `${SURVEY}/surveyResponse?relatedEntity.entity.id=${String(ticket.id)}`)
  t.equal(invitation.status, 'invited', 'the resolved ticket invited its customer')
  await send('PATCH', `${SURVEY}/surveyResponse/${String(invitation.id)}`, answer(2, 1), 200)

  const complaint = await one('the complaint ticket', `${TICKET}?ticketType=Complaint&relatedEntity.entity.id=${String(invitation.id)}`)
  t.equal(complaint.severity, 'Critical', 'NPS 2 / CSAT 1')
  for (const status of ['inProgress', 'resolved']) await send('PATCH', `${TICKET}/${String(complaint.id)}`, { status }, 200)

  const followUp = await one('the follow-up invitation', `${SURVEY}/surveyResponse?relatedEntity.entity.id=${String(complaint.id)}`)
  t.equal(followUp.status, 'invited')
  await send('PATCH', `${SURVEY}/surveyResponse/${String(followUp.id)}`, answer(9, 5), 200)

  const recovery = await until('the recovery followed up', async () => {
    const list = await (await op(`${cx.url}/tmf-api/cxAnalytics/v1/recovery?customer.id=${String(customer.id)}`)).json() as Body[]
    return list[0]?.state === 'followedUp' ? list[0] : undefined
  }, 60_000)
  t.match(recovery, { id: invitation.id, npsBefore: 2, npsAfter: 9, partner: { id: 'fixit' }, complaintTicket: { id: complaint.id } })
  t.same(await (await caller('fibreco')(`${cx.url}/tmf-api/cxAnalytics/v1/recovery`)).json(), [], 'another partner sees none of it')
  const journey = await (await op(`${cx.url}/tmf-api/cxAnalytics/v1/journeyEvent?customer.id=${String(customer.id)}&kind=recoveryOpened,recoveryResolved,followUpAnswered`)).json() as Body[]
  t.same(journey.map((e) => e.kind), ['recoveryOpened', 'recoveryResolved', 'followUpAnswered'])
  const view = await (await op(`${cx.url}/tmf-api/customer360/v5/customer360/${String(customer.id)}`)).json() as Body
  t.equal(view.experience.openRecoveries, 0)
  t.equal(view.experience.npsValue, 9, 'the follow-up answer is the latest NPS')
})
