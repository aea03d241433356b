import t from 'tap'
import { startListener, storeKinds } from '@cx/test-kit'
import { anSla, as, aViolation, createSla, MERGE, ROOT, SLA, startSla, VIOLATION } from './test-support.ts'

interface Envelope { eventType: string, eventId: string, domain: string, event: Record<string, Record<string, unknown>> }

for (const kind of storeKinds()) {
  t.test(`TMF623 hub on ${kind}`, async (t) => {
    const app = await startSla(t, kind)
    const op = as(app, 'operator')

    t.test('subscribe, receive every sla and slaViolation event in order, unsubscribe', async (t) => {
      const listener = await startListener(t)
      const sub = await op({ method: 'POST', url: `${ROOT}/hub`, payload: { '@type': 'Hub', callback: listener.url } })
      t.equal(sub.statusCode, 201)
      const hub = sub.json()
      t.equal(sub.headers.location, `${ROOT}/hub/${hub.id}`)

      const created = await op({ method: 'POST', url: SLA, payload: anSla() })
      const sla = created.json()
      await op({ method: 'PATCH', url: sla.href, headers: MERGE, payload: { state: 'approved' } })
      await op({ method: 'PATCH', url: sla.href, headers: MERGE, payload: { state: 'active' } })
      const violation = (await op({ method: 'POST', url: VIOLATION, payload: aViolation(sla.id) })).json()
      await op({ method: 'PATCH', url: violation.href, headers: MERGE, payload: { state: 'acknowledged' } })
      await op({ method: 'DELETE', url: violation.href })
      await op({ method: 'DELETE', url: sla.href })

      const calls = await listener.waitFor(10)
      const envelopes = calls.map((c) => c.body as Envelope)
      // Deliveries keep the order of each resource's events (not across resources).
      const about = (key: string): Envelope[] => envelopes.filter((e) => e.event[key] !== undefined)
      const slaEvents = about('sla')
      const violationEvents = about('slaViolation')
      t.same(slaEvents.map((e) => e.eventType), [
        'SlaCreateEvent',
        'SlaAttributeValueChangeEvent', 'SlaStateChangeEvent',
        'SlaAttributeValueChangeEvent', 'SlaStateChangeEvent',
        'SlaDeleteEvent'
      ])
      t.same(violationEvents.map((e) => e.eventType), [
        'SlaViolationCreateEvent',
        'SlaViolationAttributeValueChangeEvent', 'SlaViolationStateChangeEvent',
        'SlaViolationDeleteEvent'
      ])
      t.equal(envelopes[0]?.domain, 'slaManagement')
      t.equal(slaEvents[0]?.event.sla?.name, 'Wholesale access SLA', 'sla events carry event.sla')
      t.equal(slaEvents[4]?.event.sla?.state, 'active')
      t.equal(violationEvents[0]?.event.slaViolation?.referenceValue, 8, 'violation events carry event.slaViolation as stored')
      t.equal(violationEvents[2]?.event.slaViolation?.state, 'acknowledged')
      t.equal(new Set(envelopes.map((e) => e.eventId)).size, 10)

      t.equal((await op({ method: 'DELETE', url: `${ROOT}/hub/${hub.id}` })).statusCode, 204)
      await op({ method: 'POST', url: SLA, payload: anSla() })
      await new Promise((resolve) => setTimeout(resolve, 400))
      t.equal(listener.received.length, 10, 'nothing arrives after unsubscribing')
    })

    t.test('the query selects event types and attributes of the violation', async (t) => {
      const listener = await startListener(t)
      await op({ method: 'POST', url: `${ROOT}/hub`, payload: { '@type': 'Hub', callback: listener.url, query: 'eventType=SlaViolationCreateEvent&event.slaViolation.rule.metric=availability' } })
      const sla = await createSla(op)
      await op({ method: 'POST', url: VIOLATION, payload: aViolation(String(sla.id)) })
      await op({ method: 'POST', url: VIOLATION, payload: aViolation(String(sla.id), { rule: { id: 'availability' }, actualValue: 98.5 }) })
      const [call] = await listener.waitFor(1)
      await new Promise((resolve) => setTimeout(resolve, 300))
      t.equal(listener.received.length, 1)
      t.equal((call?.body as Envelope).event.slaViolation?.actualValue, 98.5)
    })
  })
}
