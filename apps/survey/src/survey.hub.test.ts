import t from 'tap'
import { callAbout, callsBeforeMarker, deliveryCases, eventTypes, runnerOverrides, startListener } from '@cx/test-kit'
import { anAnswer, as, aSurveyResponse, aSurvey, mergePatch, startSurveys, V1 } from './test-support.ts'

interface Envelope { eventType: string, eventId: string, source: { id: string }, event: Record<string, Record<string, unknown>> }

for (const { kind, runner } of deliveryCases()) {
  t.test(`customerSatisfaction hub on ${kind}, delivered ${runner}`, async (t) => {
    const app = await startSurveys(t, kind, await runnerOverrides(runner))
    const op = as(app, 'operator')

    t.test('a subscriber receives survey and response events in order, then unsubscribes', async (t) => {
      const listener = await startListener(t)
      const sub = await op({ method: 'POST', url: `${V1}/hub`, payload: { '@type': 'Hub', callback: listener.url } })
      t.equal(sub.statusCode, 201)
      const hub = sub.json()
      t.equal(sub.headers.location, `${V1}/hub/${hub.id}`)
      t.equal((await op({ method: 'GET', url: `${V1}/hub/${hub.id}` })).json().callback, listener.url)

      const survey = (await op({ method: 'POST', url: `${V1}/survey`, payload: aSurvey() })).json()
      await mergePatch(op, survey.href, { status: 'active' })
      const response = (await op({ method: 'POST', url: `${V1}/surveyResponse`, payload: aSurveyResponse(survey) })).json()
      await mergePatch(op, response.href, { status: 'completed', answer: [anAnswer('nps', 4), anAnswer('csat', 2)] })
      t.equal((await op({ method: 'DELETE', url: response.href })).statusCode, 204)
      t.equal((await op({ method: 'DELETE', url: survey.href })).statusCode, 204)
      const calls = [...await listener.waitFor(8)]
      const bodies = calls.map((c) => c.body as Envelope)
      // Deliveries keep the order of each resource's own events.
      const typesOf = (id: string): string[] => bodies.filter((b) => b.source.id === id).map((b) => b.eventType)
      t.same(typesOf(survey.id), ['SurveyCreateEvent', 'SurveyAttributeValueChangeEvent', 'SurveyStateChangeEvent', 'SurveyDeleteEvent'])
      t.same(typesOf(response.id), ['SurveyResponseCreateEvent', 'SurveyResponseAttributeValueChangeEvent', 'SurveyResponseStateChangeEvent', 'SurveyResponseDeleteEvent'])
      t.match(bodies.find((b) => b.eventType === 'SurveyDeleteEvent')?.event.survey, { id: survey.id, status: 'active' }, 'SurveyDeleteEvent carries the survey as it was')
      t.match(bodies.find((b) => b.eventType === 'SurveyResponseDeleteEvent')?.event.surveyResponse, { id: response.id, status: 'completed' }, 'SurveyResponseDeleteEvent carries the response as it was')
      const byType = (type: string): Envelope | undefined => bodies.find((b) => b.eventType === type)
      t.equal(byType('SurveyStateChangeEvent')?.event.survey?.status, 'active', 'the payload key is the resource name')
      const completed = byType('SurveyResponseStateChangeEvent')?.event.surveyResponse
      t.equal(completed?.status, 'completed')
      t.same(completed?.score, { '@type': 'SurveyScore', nps: 'detractor', npsValue: 4, csat: 2 })
      t.equal(new Set(bodies.map((b) => b.eventId)).size, 8)

      t.equal((await op({ method: 'DELETE', url: `${V1}/hub/${hub.id}` })).statusCode, 204)
      await op({ method: 'POST', url: `${V1}/survey`, payload: aSurvey() })
      // The marker travels on a second subscription of the same listener, selecting only itself.
      const after = await callsBeforeMarker(app.db, listener, async () => {
        const query = 'eventType=SurveyCreateEvent&event.survey.name=Marker'
        t.equal((await op({ method: 'POST', url: `${V1}/hub`, payload: { callback: `${listener.url}/marker`, query } })).statusCode, 201)
        const marker = (await op({ method: 'POST', url: `${V1}/survey`, payload: aSurvey({ name: 'Marker' }) })).json()
        return callAbout(marker.id, 'SurveyCreateEvent')
      })
      t.same(eventTypes(after), eventTypes(calls), 'nothing arrives after unsubscribing')
    })

    t.test('a subscription can ask for detractors only (the closed loop\'s trigger)', async (t) => {
      const listener = await startListener(t)
      const query = 'eventType=SurveyResponseStateChangeEvent&event.surveyResponse.status=completed&event.surveyResponse.score.nps=detractor'
      t.equal((await op({ method: 'POST', url: `${V1}/hub`, payload: { callback: listener.url, query } })).statusCode, 201)
      const survey = (await op({ method: 'POST', url: `${V1}/survey`, payload: aSurvey({ status: 'active' }) })).json()
      for (const [customer, nps] of [['cust-002', 10], ['cust-003', 1], ['cust-004', 8]] as const) {
        const res = await op({ method: 'POST', url: `${V1}/surveyResponse`, payload: aSurveyResponse(survey) })
        const patched = await mergePatch(op, res.json().href, { status: 'completed', answer: [anAnswer('nps', nps)], relatedParty: [...(res.json().relatedParty as unknown[]).slice(1), { '@type': 'RelatedPartyRefOrPartyRoleRef', role: 'customer', partyOrPartyRole: { id: customer } }] })
        t.equal(patched.statusCode, 200)
      }
      // A last detractor is the marker: everything before it has been decided by then.
      const calls = await callsBeforeMarker(app.db, listener, async () => {
        const res = await op({ method: 'POST', url: `${V1}/surveyResponse`, payload: aSurveyResponse(survey) })
        t.equal((await mergePatch(op, res.json().href, { status: 'completed', answer: [anAnswer('nps', 0)] })).statusCode, 200)
        return callAbout(res.json().id)
      })
      t.equal(calls.length, 1, 'one detractor among a promoter, a detractor and a passive')
      const detractor = (calls[0]?.body as Envelope).event.surveyResponse as { score: { npsValue: number } }
      t.equal(detractor.score.npsValue, 1)
    })
  })
}
