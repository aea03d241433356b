import t from 'tap'
import { devIssueToken } from '@cx/auth'
import { startListener, TEST_AUTH, until } from '@cx/test-kit'
import { caller, startService } from './services.ts'

type Body = Record<string, any>

// The ticket and order services and the SLA service as separate processes on their own PostgreSQL
// databases with Redis (BullMQ deadline jobs), talking only over HTTP: a rule in seconds is
// breached by a ticket nobody acknowledges, and the warning and the violation reach a listener.
t.test('SLA policing across separate processes', async (t) => {
  const troubleTicket = await startService(t, 'troubleTicket', 'apps/trouble-ticket/src/server.ts', {})
  const productOrder = await startService(t, 'productOrder', 'apps/product-order/src/server.ts', {})
  const sla = await startService(t, 'sla', 'apps/sla/src/server.ts', {
    SLA_HUB_SECRET: 'e2e-sla-hub-secret-0123456789',
    SLA_SOURCE_ORIGINS: `troubleTicket=${troubleTicket.url},productOrder=${productOrder.url}`,
    SLA_SOURCE_TOKEN: await devIssueToken(TEST_AUTH, 'operator'),
    SLA_CHECK_INTERVAL_MS: '500'
  })
  const op = caller('operator')
  const fixit = caller('fixit')
  const ROOT = `${sla.url}/tmf-api/slaManagement/v4`

  const created = await op(`${ROOT}/sla`, {
    method: 'POST',
    body: {
      '@type': 'Sla',
      name: 'FixIt 5-second acknowledgement',
      relatedParty: [{ '@type': 'RelatedPartyRefOrPartyRoleRef', role: 'SLAProvider', partyOrPartyRole: { '@type': 'PartyRoleRef', id: 'fixit', '@referredType': 'BusinessPartner' } }],
      rule: [{ '@type': 'SlaRule', id: 'tta-5s', metric: 'timeToAcknowledge', unit: 'seconds', operator: '.le', referenceValue: 5, consequence: { penalty: { unit: 'EUR', value: 10 } } }]
    }
  })
  t.equal(created.status, 201)
  const slaDoc = await created.json()
  for (const state of ['approved', 'active']) {
    const res = await op(`${sla.url}${String(slaDoc.href)}`, { method: 'PATCH', body: { state }, headers: { 'content-type': 'application/merge-patch+json' } })
    t.equal(res.status, 200)
  }
  // The partner listens to its own SLA hub for warnings and breaches.
  const listener = await startListener(t)
  const sub = await fixit(`${ROOT}/hub`, { method: 'POST', body: { '@type': 'Hub', callback: listener.url, query: 'eventType=SlaJeopardyAlertEvent,SlaViolationCreateEvent' } })
  t.equal(sub.status, 201)
  // Wait until the SLA service has subscribed to the ticket hub (its sync is live).
  await until('the sla subscription on the ticket hub', async () => {
    const hubs = await op(`${troubleTicket.url}/tmf-api/troubleTicket/v5/hub`)
    return hubs.status === 200 && (await hubs.json() as Body[]).some((h) => String(h.callback).startsWith(sla.url)) ? true : undefined
  }, 60_000)

  const ticket = await fixit(`${troubleTicket.url}/tmf-api/troubleTicket/v5/troubleTicket`, {
    method: 'POST',
    body: { '@type': 'TroubleTicket', name: 'Nobody looks at this', description: 'left unacknowledged', severity: 'Major', ticketType: 'Incident', relatedParty: [{ '@type': 'RelatedPartyRefOrPartyRoleRef', role: 'customer', partyOrPartyRole: { '@type': 'PartyRoleRef', id: 'cust-e2e', '@referredType': 'Customer' } }] }
  })
  t.equal(ticket.status, 201)
  const tt = await ticket.json()

  const calls = await listener.waitFor(2, 60_000)
  const events = calls.map((c) => c.body as Body)
  t.same(events.map((e) => e.eventType), ['SlaJeopardyAlertEvent', 'SlaViolationCreateEvent'], 'the warning, then the breach')
  t.equal(events[0]?.event.slaClock.relatedEntity.id, tt.id)
  const violation = events[1]?.event.slaViolation
  t.match(violation, { state: 'detected', rule: { id: 'tta-5s' }, referenceValue: 5, unit: 'seconds', consequence: { penalty: { value: 10 } } })
  t.equal(violation.relatedEntity[0].entity.id, tt.id)
  // Detected while the ticket is still open, close to its deadline (5 s after creation).
  t.ok(Date.parse(violation.date) - Date.parse(tt.creationDate) >= 5000, 'not before the deadline')

  const clocks = await (await fixit(`${ROOT}/slaClock?relatedEntity.id=${String(tt.id)}`)).json() as Body[]
  t.equal(clocks.length, 1)
  t.equal(clocks[0]?.state, 'breached')
  t.same(await (await caller('fibreco')(`${ROOT}/slaClock?relatedEntity.id=${String(tt.id)}`)).json(), [], 'another partner sees no clock')
})
