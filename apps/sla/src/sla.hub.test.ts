import t from 'tap'
import { callAbout, callsBeforeMarker, deliveryCases, eventTypes, resourceIdOf, runnerOverrides, startListener } from '@cx/test-kit'
import { anSla, as, aViolation, createSla, MERGE, ROOT, SLA, startSla, VIOLATION } from './test-support.ts'

interface Envelope { eventType: string, eventId: string, domain: string, event: Record<string, Record<string, unknown>> }

for (const { kind, runner } of deliveryCases()) {
  t.test(`TMF623 hub on ${kind}, delivered ${runner}`, async (t) => {
    const app = await startSla(t, kind, await runnerOverrides(runner))
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

      const calls = [...await listener.waitFor(10)]
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
      t.match(slaEvents[5]?.event.sla, { id: sla.id, state: 'active' }, 'SlaDeleteEvent carries the deleted SLA as it was')
      t.match(violationEvents[3]?.event.slaViolation, { id: violation.id, state: 'acknowledged' }, 'SlaViolationDeleteEvent carries the deleted violation as it was')

      t.equal((await op({ method: 'DELETE', url: `${ROOT}/hub/${hub.id}` })).statusCode, 204)
      await op({ method: 'POST', url: SLA, payload: anSla() })
      // The marker travels on a second subscription of the same listener, selecting only itself.
      const after = await callsBeforeMarker(app.db, listener, async () => {
        const query = 'eventType=SlaCreateEvent&event.sla.name=Marker'
        t.equal((await op({ method: 'POST', url: `${ROOT}/hub`, payload: { callback: `${listener.url}/marker`, query } })).statusCode, 201)
        const marker = (await op({ method: 'POST', url: SLA, payload: anSla({ name: 'Marker' }) })).json()
        return callAbout(marker.id, 'SlaCreateEvent')
      })
      t.same(eventTypes(after), eventTypes(calls), 'nothing arrives after unsubscribing')
    })

    t.test('the query selects event types and attributes of the violation', async (t) => {
      const listener = await startListener(t)
      await op({ method: 'POST', url: `${ROOT}/hub`, payload: { '@type': 'Hub', callback: listener.url, query: 'eventType=SlaViolationCreateEvent&event.slaViolation.rule.metric=availability' } })
      const sla = await createSla(op)
      await op({ method: 'POST', url: VIOLATION, payload: aViolation(String(sla.id)) })
      const availability = (await op({ method: 'POST', url: VIOLATION, payload: aViolation(String(sla.id), { rule: { id: 'availability' }, actualValue: 98.5 }) })).json()
      await op({ method: 'PATCH', url: availability.href, headers: MERGE, payload: { state: 'acknowledged' } })
      const calls = await callsBeforeMarker(app.db, listener, async () => {
        const marker = (await op({ method: 'POST', url: VIOLATION, payload: aViolation(String(sla.id), { rule: { id: 'availability' }, actualValue: 97 }) })).json()
        return callAbout(marker.id)
      })
      t.same(calls.map(resourceIdOf), [availability.id], 'only the availability violation\'s create (not the other rule\'s, not its state change)')
      t.equal((calls[0]?.body as Envelope).event.slaViolation?.actualValue, 98.5)
    })
  })
}
