import t from 'tap'
import { storeKinds } from '@cx/test-kit'
import { aQuestion, aSurvey, as, createSurvey, mergePatch, outboxTypes, startSurveys, V1 } from './test-support.ts'
import { surveyTransitions } from './survey.resource.ts'

for (const kind of storeKinds()) {
  t.test(`survey definitions on ${kind}`, async (t) => {
    const app = await startSurveys(t, kind)
    const op = as(app, 'operator')

    t.test('POST creates a draft with id, href, dates and Location; it is stored and readable', async (t) => {
      const res = await op({ method: 'POST', url: `${V1}/survey`, payload: aSurvey({ validFor: { startDateTime: '2024-01-01T00:00:00+01:00' } }) })
      t.equal(res.statusCode, 201)
      const body = res.json()
      t.equal(body['@type'], 'Survey')
      t.equal(body.href, `${V1}/survey/${body.id}`)
      t.equal(res.headers.location, body.href)
      t.equal(body.status, 'draft')
      t.equal(body.creationDate, body.lastUpdate)
      t.equal(body.validFor.startDateTime, '2023-12-31T23:00:00.000Z', 'dates are normalised to UTC')
      t.same(body.question.map((q: { metric: string }) => q.metric), ['nps', 'csat', 'ces', 'rating', 'text'])
      t.same(body.statusChangeHistory.map((h: { status: string }) => h.status), ['draft'])
      const stored = await app.db.query<{ doc: { name: string } }>('SELECT doc FROM survey WHERE id = $1', [body.id])
      t.equal(stored.rows[0]?.doc.name, 'After a repair')
      t.same((await op({ method: 'GET', url: body.href })).json(), body)
      t.same(await outboxTypes(app, body.id), ['SurveyCreateEvent'])
    })

    t.test('a survey may be created active, never retired: the server owns the first status', async (t) => {
      t.equal((await op({ method: 'POST', url: `${V1}/survey`, payload: aSurvey({ status: 'active' }) })).json().status, 'active')
      const retired = await op({ method: 'POST', url: `${V1}/survey`, payload: aSurvey({ status: 'retired' }) })
      t.equal(retired.statusCode, 201)
      t.equal(retired.json().status, 'draft', 'a state it cannot start in gives the initial one')
    })

    t.test('question definitions are validated', async (t) => {
      const refused = async (question: unknown[], code: string, message: string): Promise<void> => {
        const res = await op({ method: 'POST', url: `${V1}/survey`, payload: aSurvey({ question }) })
        t.equal(res.statusCode, 400, message)
        t.equal(res.json()['@type'], 'Error')
        t.equal(res.json().code, code, message)
        t.match(res.json().message, message)
      }
      await refused([aQuestion('a', 'stars')], 'ERR400-VALIDATION', 'metric')
      await refused([aQuestion('a', 'nps'), aQuestion('a', 'csat')], 'ERR400-QUESTION', 'question id a is used twice')
      await refused([aQuestion('a', 'rating')], 'ERR400-QUESTION', 'needs scaleMin and scaleMax')
      await refused([aQuestion('a', 'rating', { scaleMin: 10, scaleMax: 1 })], 'ERR400-QUESTION', 'lower than scaleMax')
      await refused([aQuestion('a', 'nps', { scaleMin: 1, scaleMax: 5 })], 'ERR400-QUESTION', 'only to rating')
      await refused([{ '@type': 'SurveyQuestion', id: 'a', metric: 'nps' }], 'ERR400-VALIDATION', 'text')
      const noName = aSurvey()
      delete noName.name
      t.equal((await op({ method: 'POST', url: `${V1}/survey`, payload: noName })).statusCode, 400)
      t.equal((await op({ method: 'POST', url: `${V1}/survey`, payload: aSurvey({ '@type': 'Questionnaire' }) })).statusCode, 400)
    })

    t.test('triggers must name an event of the suite with a sane delay', async (t) => {
      const withTrigger = async (trigger: Record<string, unknown>) => await op({ method: 'POST', url: `${V1}/survey`, payload: aSurvey({ trigger: [trigger] }) })
      const ok = await withTrigger({ '@type': 'SurveyTrigger', eventType: 'ProductOrderStateChangeEvent', delayMinutes: 1440, query: 'event.productOrder.state=completed' })
      t.equal(ok.statusCode, 201)
      t.same(ok.json().trigger[0], { '@type': 'SurveyTrigger', eventType: 'ProductOrderStateChangeEvent', delayMinutes: 1440, query: 'event.productOrder.state=completed' })
      const unknown = await withTrigger({ eventType: 'TroubleTicketSolvedEvent', delayMinutes: 0 })
      t.equal(unknown.statusCode, 400)
      t.equal(unknown.json().code, 'ERR400-TRIGGER')
      t.match(unknown.json().message, 'TroubleTicketSolvedEvent is not an event of the suite')
      t.equal((await withTrigger({ eventType: 'TroubleTicketResolvedEvent', delayMinutes: -5 })).statusCode, 400, 'negative delay')
      t.equal((await withTrigger({ eventType: 'TroubleTicketResolvedEvent', delayMinutes: 1.5 })).statusCode, 400, 'fractional delay')
      t.equal((await withTrigger({ eventType: 'TroubleTicketResolvedEvent' })).statusCode, 400, 'missing delay')
      t.equal((await withTrigger({ eventType: 'TroubleTicketResolvedEvent', delayMinutes: 0, query: 'state' })).json().code, 'ERR400-TRIGGER', 'a query must be name=value terms')
      const badPeriod = await op({ method: 'POST', url: `${V1}/survey`, payload: aSurvey({ validFor: { startDateTime: '2030-02-01T00:00:00Z', endDateTime: '2030-01-01T00:00:00Z' } }) })
      t.equal(badPeriod.statusCode, 400)
      t.match(badPeriod.json().message, 'validFor')
    })

    t.test('lifecycle draft → active → retired with history and SurveyStateChangeEvent', async (t) => {
      const { href, id } = (await op({ method: 'POST', url: `${V1}/survey`, payload: aSurvey() })).json()
      const active = await mergePatch(op, href, { status: 'active', statusChangeReason: 'approved by CX team' })
      t.equal(active.statusCode, 200)
      t.equal(active.json().status, 'active')
      const retired = (await mergePatch(op, href, { status: 'retired' })).json()
      t.same(retired.statusChangeHistory.map((h: { status: string, '@type': string }) => [h.status, h['@type']]),
        [['draft', 'SurveyStatusChange'], ['active', 'SurveyStatusChange'], ['retired', 'SurveyStatusChange']])
      t.equal(retired.statusChangeHistory[1].statusChangeReason, 'approved by CX team')
      t.equal(retired.statusChangeDate, retired.statusChangeHistory[2].statusChangeDate)
      t.same(await outboxTypes(app, id), [
        'SurveyCreateEvent',
        'SurveyAttributeValueChangeEvent', 'SurveyStateChangeEvent',
        'SurveyAttributeValueChangeEvent', 'SurveyStateChangeEvent'
      ])
    })

    t.test('every illegal transition is a 409', async (t) => {
      const inState = async (state: keyof typeof surveyTransitions): Promise<string> => {
        const s = await createSurvey(op, { status: state === 'draft' ? 'draft' : 'active' })
        if (state === 'retired') await mergePatch(op, s.href, { status: 'retired' })
        return s.href
      }
      for (const from of Object.keys(surveyTransitions) as Array<keyof typeof surveyTransitions>) {
        const href = await inState(from)
        for (const to of Object.keys(surveyTransitions)) {
          if (to === from || (surveyTransitions[from] as readonly string[]).includes(to)) continue
          const res = await mergePatch(op, href, { status: to })
          t.equal(res.statusCode, 409, `${from} ↛ ${to}`)
          t.equal(res.json().code, 'ERR409-TRANSITION')
        }
      }
      const unknown = await mergePatch(op, await inState('draft'), { status: 'paused' })
      t.equal(unknown.statusCode, 400)
    })

    t.test('a survey without questions stays a draft', async (t) => {
      const { href } = (await op({ method: 'POST', url: `${V1}/survey`, payload: aSurvey({ question: [] }) })).json()
      const res = await mergePatch(op, href, { status: 'active' })
      t.equal(res.statusCode, 400)
      t.match(res.json().message, 'at least one question')
      t.equal((await op({ method: 'POST', url: `${V1}/survey`, payload: aSurvey({ question: [], status: 'active' }) })).statusCode, 400)
    })

    t.test('questions can be edited in draft and are frozen afterwards; the rest stays editable', async (t) => {
      const { href } = (await op({ method: 'POST', url: `${V1}/survey`, payload: aSurvey() })).json()
      const edited = await mergePatch(op, href, { question: [aQuestion('nps', 'nps'), aQuestion('easy', 'ces')] })
      t.equal(edited.statusCode, 200)
      t.same(edited.json().question.map((q: { id: string }) => q.id), ['nps', 'easy'])
      await mergePatch(op, href, { status: 'active' })
      const frozen = await mergePatch(op, href, { question: [aQuestion('nps', 'nps')] })
      t.equal(frozen.statusCode, 409)
      t.equal(frozen.json().code, 'ERR409-QUESTIONS-FROZEN')
      const jsonPatch = await op({ method: 'PATCH', url: href, headers: { 'content-type': 'application/json-patch+json' }, payload: [{ op: 'replace', path: '/question/0/text', value: 'Reworded' }] })
      t.equal(jsonPatch.statusCode, 409, 'rewording counts as a change')
      const renamed = await mergePatch(op, href, { name: 'After a repair (2025)', trigger: [{ '@type': 'SurveyTrigger', eventType: 'TroubleTicketResolvedEvent', delayMinutes: 120 }] })
      t.equal(renamed.statusCode, 200)
      t.equal(renamed.json().trigger[0].delayMinutes, 120)
      const badTrigger = await mergePatch(op, href, { trigger: [{ eventType: 'Nope', delayMinutes: 1 }] })
      t.equal(badTrigger.statusCode, 400, 'triggers are checked on PATCH too')
      // Valid values, so nothing but the not-patchable rule can refuse them.
      const valid: Record<string, unknown> = {
        id: 'another-id',
        href: `${V1}/survey/another-id`,
        creationDate: '2020-01-01T00:00:00Z',
        statusChangeHistory: [{ '@type': 'StatusChange', status: 'draft', statusChangeDate: '2020-01-01T00:00:00Z' }]
      }
      for (const [field, value] of Object.entries(valid)) {
        const res = await mergePatch(op, href, { [field]: value })
        t.equal(res.statusCode, 400, `${field} is not patchable`)
        t.equal(res.json().code, 'ERR400-NOT-PATCHABLE', `${field}: refused by the not-patchable rule`)
      }
    })

    t.test('list queries: filter on status and question metric, fields, sort, paging headers', async (t) => {
      const listed = await op({ method: 'GET', url: `${V1}/survey?status=retired&fields=name,status` })
      t.equal(listed.statusCode, 200)
      const items = listed.json() as Array<Record<string, unknown>>
      t.ok(items.length >= 1)
      t.ok(items.every((s) => s.status === 'retired' && s.question === undefined && s['@type'] === 'Survey'))
      t.equal(listed.headers['x-total-count'], String(items.length))
      const withCes = (await op({ method: 'GET', url: `${V1}/survey?question.id=easy` })).json() as Array<{ name: string }>
      t.same(withCes.map((s) => s.name), ['After a repair (2025)'])
      const page = await op({ method: 'GET', url: `${V1}/survey?limit=2&sort=-creationDate` })
      t.equal((page.json() as unknown[]).length, 2)
      t.equal(page.headers['x-result-count'], '2')
    })

    t.test('DELETE is for operators and answers 204', async (t) => {
      const { href } = await createSurvey(op)
      t.equal((await as(app, 'fibreco')({ method: 'DELETE', url: href })).statusCode, 403)
      t.equal((await op({ method: 'DELETE', url: href })).statusCode, 204)
      t.equal((await op({ method: 'GET', url: href })).statusCode, 404)
    })
  })
}
