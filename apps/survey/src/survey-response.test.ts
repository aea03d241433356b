import t from 'tap'
import { aPartyRef, storeKinds } from '@cx/test-kit'
import { anAnswer, aQuestion, as, aSurveyResponse, createSurvey, mergePatch, outboxTypes, startSurveys, V1 } from './test-support.ts'

const RESPONSES = `${V1}/surveyResponse`

for (const kind of storeKinds()) {
  t.test(`survey responses on ${kind}`, async (t) => {
    const app = await startSurveys(t, kind)
    const op = as(app, 'operator')
    const survey = await createSurvey(op)
    const post = async (body: Record<string, unknown>) => await op({ method: 'POST', url: RESPONSES, payload: body })
    const refusedWith = async (res: { statusCode: number, json: () => { code: string, '@type': string } }, status: number, code: string, what: string): Promise<void> => {
      t.equal(res.statusCode, status, what)
      t.equal(res.json()['@type'], 'Error', what)
      t.equal(res.json().code, code, what)
    }

    t.test('an invitation starts invited, refers to its survey with href and name, and is stored', async (t) => {
      const res = await post(aSurveyResponse(survey))
      t.equal(res.statusCode, 201)
      const body = res.json()
      t.equal(body.href, `${RESPONSES}/${body.id}`)
      t.equal(res.headers.location, body.href)
      t.equal(body.status, 'invited')
      t.same(body.survey, { id: survey.id, href: survey.href, name: survey.name, '@referredType': 'Survey' })
      t.notOk('score' in body)
      t.notOk('submittedDate' in body)
      const stored = await app.db.query<{ doc: { survey: { id: string } } }>('SELECT doc FROM survey_response WHERE id = $1', [body.id])
      t.equal(stored.rows[0]?.doc.survey.id, survey.id)
      t.same(await outboxTypes(app, body.id), ['SurveyResponseCreateEvent'])
    })

    t.test('a response must reference an existing survey', async (t) => {
      await refusedWith(await post(aSurveyResponse({ id: 'no-such-survey' })), 400, 'ERR400-UNKNOWN-SURVEY', 'unknown survey')
      await refusedWith(await post(aSurveyResponse(survey, { survey: { id: survey.id, '@referredType': 'TroubleTicket' } })), 400, 'ERR400-SURVEY', 'wrong referred type')
      const noSurvey = aSurveyResponse(survey)
      delete noSurvey.survey
      t.equal((await post(noSurvey)).statusCode, 400, 'survey is required')
      const rows = await app.db.query('SELECT 1 FROM survey_response WHERE doc @> $1', [JSON.stringify({ survey: { id: 'no-such-survey' } })])
      t.equal(rows.rows.length, 0, 'nothing was stored')
    })

    t.test('draft and retired surveys take no responses, nor do surveys outside validFor', async (t) => {
      const draft = await createSurvey(op, { status: 'draft' })
      const draftRes = await post(aSurveyResponse(draft))
      await refusedWith(draftRes, 400, 'ERR400-SURVEY-CLOSED', 'draft')
      t.match(draftRes.json().message, 'is draft')
      const retired = await createSurvey(op)
      await mergePatch(op, retired.href, { status: 'retired' })
      const retiredRes = await post(aSurveyResponse(retired, { status: 'completed', answer: [anAnswer('nps', 9)] }))
      await refusedWith(retiredRes, 400, 'ERR400-SURVEY-CLOSED', 'retired')
      t.match(retiredRes.json().message, 'is retired')
      const ended = await createSurvey(op, { validFor: { startDateTime: '2020-01-01T00:00:00Z', endDateTime: '2021-01-01T00:00:00Z' } })
      await refusedWith(await post(aSurveyResponse(ended)), 400, 'ERR400-SURVEY-CLOSED', 'past validFor')
      const future = await createSurvey(op, { validFor: { startDateTime: '2999-01-01T00:00:00Z' } })
      await refusedWith(await post(aSurveyResponse(future)), 400, 'ERR400-SURVEY-CLOSED', 'future validFor')
    })

    t.test('answers are checked against the questions and their metric\'s range', async (t) => {
      const completed = (answer: unknown[]) => aSurveyResponse(survey, { status: 'completed', answer })
      await refusedWith(await post(completed([anAnswer('loyalty', 5)])), 400, 'ERR400-UNKNOWN-QUESTION', 'unknown question')
      const outOfRange: Array<[string, unknown]> = [
        ['nps', 11], ['nps', -1], ['nps', 8.5], ['nps', '9'],
        ['csat', 0], ['csat', 6],
        ['ces', 0], ['ces', 8],
        ['tech', 0], ['tech', 11],
        ['why', 3], ['why', '']
      ]
      for (const [questionId, value] of outOfRange) {
        const res = await post(completed([anAnswer(questionId, value)]))
        await refusedWith(res, 400, 'ERR400-ANSWER-VALUE', `${questionId} = ${JSON.stringify(value)}`)
      }
      const rangeMessage = (await post(completed([anAnswer('ces', 8)]))).json().message
      t.match(rangeMessage, 'from 1 to 7')
      await refusedWith(await post(completed([anAnswer('nps', 9), anAnswer('nps', 10)])), 400, 'ERR400-ANSWER', 'answered twice')
      await refusedWith(await post(completed([])), 400, 'ERR400-ANSWER', 'completed without answers')
      await refusedWith(await post(aSurveyResponse(survey, { answer: [anAnswer('nps', 9)] })), 400, 'ERR400-ANSWER', 'invited with answers')
      await refusedWith(await post(completed([{ questionId: 'nps' }])), 400, 'ERR400-VALIDATION', 'an answer needs a value')
      const edges = await post(completed([anAnswer('nps', 0), anAnswer('csat', 5), anAnswer('ces', 1), anAnswer('tech', 10), anAnswer('why', 'Quick')]))
      t.equal(edges.statusCode, 201, 'the ends of each scale are accepted')
    })

    t.test('a completed response gets its score and submittedDate', async (t) => {
      const res = await post(aSurveyResponse(survey, { status: 'completed', answer: [anAnswer('nps', 9), anAnswer('csat', 4), anAnswer('ces', 2), anAnswer('tech', 7), anAnswer('why', 'Fast fix')] }))
      t.equal(res.statusCode, 201)
      const body = res.json()
      t.same(body.score, { '@type': 'SurveyScore', nps: 'promoter', npsValue: 9, csat: 4, ces: 2 })
      t.match(body.submittedDate, /Z$/)
      t.equal(body.submittedDate, body.creationDate)
      for (const [value, band] of [[6, 'detractor'], [7, 'passive'], [8, 'passive'], [10, 'promoter']] as const) {
        const r = (await post(aSurveyResponse(survey, { status: 'completed', answer: [anAnswer('nps', value)] }))).json()
        t.same(r.score, { '@type': 'SurveyScore', nps: band, npsValue: value }, `nps ${value}`)
      }
    })

    t.test('score and submittedDate are read-only', async (t) => {
      await refusedWith(await post(aSurveyResponse(survey, { status: 'completed', answer: [anAnswer('nps', 2)], score: { nps: 'promoter', npsValue: 10 } })), 400, 'ERR400-READ-ONLY', 'score on create')
      await refusedWith(await post(aSurveyResponse(survey, { submittedDate: '2024-01-01T00:00:00Z' })), 400, 'ERR400-READ-ONLY', 'submittedDate on create')
      const { href } = (await post(aSurveyResponse(survey, { status: 'started', answer: [anAnswer('nps', 3)] }))).json()
      await refusedWith(await mergePatch(op, href, { score: { nps: 'promoter', npsValue: 10 } }), 400, 'ERR400-NOT-PATCHABLE', 'score on patch')
      await refusedWith(await op({ method: 'PATCH', url: href, headers: { 'content-type': 'application/json-patch+json' }, payload: [{ op: 'replace', path: '/score/npsValue', value: 10 }] }), 400, 'ERR400-NOT-PATCHABLE', 'score by JSON Patch')
      await refusedWith(await mergePatch(op, href, { submittedDate: '2024-01-01T00:00:00Z' }), 400, 'ERR400-NOT-PATCHABLE', 'submittedDate on patch')
      await refusedWith(await mergePatch(op, href, { survey: { id: survey.id, name: 'other' } }), 400, 'ERR400-NOT-PATCHABLE', 'survey on patch')
      t.same((await op({ method: 'GET', url: href })).json().score, { '@type': 'SurveyScore', nps: 'detractor', npsValue: 3 })
    })

    t.test('invited → started → completed: answers accrue, the score follows them, the answers then freeze', async (t) => {
      const created = (await post(aSurveyResponse(survey))).json()
      const href = created.href
      const started = await mergePatch(op, href, { status: 'started', answer: [anAnswer('csat', 2)] })
      t.equal(started.statusCode, 200)
      t.same(started.json().score, { '@type': 'SurveyScore', csat: 2 })
      t.notOk('submittedDate' in started.json())
      const more = await op({ method: 'PATCH', url: href, headers: { 'content-type': 'application/json-patch+json' }, payload: [{ op: 'add', path: '/answer/-', value: anAnswer('nps', 7) }] })
      t.equal(more.statusCode, 200)
      t.same(more.json().score, { '@type': 'SurveyScore', nps: 'passive', npsValue: 7, csat: 2 })
      const badMore = await mergePatch(op, href, { answer: [anAnswer('csat', 2), anAnswer('nps', 12)] })
      await refusedWith(badMore, 400, 'ERR400-ANSWER-VALUE', 'out of range on patch')
      const done = await mergePatch(op, href, { status: 'completed', answer: [anAnswer('csat', 2), anAnswer('nps', 7), anAnswer('why', 'Took three calls')] })
      t.equal(done.statusCode, 200)
      const body = done.json()
      t.equal(body.status, 'completed')
      t.equal(body.submittedDate, body.statusChangeDate)
      t.same(body.statusChangeHistory.map((h: { status: string }) => h.status), ['invited', 'started', 'completed'])
      await refusedWith(await mergePatch(op, href, { answer: [anAnswer('nps', 10)] }), 409, 'ERR409-ANSWERS-FROZEN', 'answers after completion')
      await refusedWith(await mergePatch(op, href, { status: 'started' }), 409, 'ERR409-TRANSITION', 'completed is final')
      const noted = await mergePatch(op, href, { note: [{ '@type': 'Note', text: 'Called back by the care team' }] })
      t.equal(noted.statusCode, 200, 'notes can still be added')
      t.equal(noted.json().submittedDate, body.submittedDate, 'submittedDate stays')
      t.same(await outboxTypes(app, created.id), [
        'SurveyResponseCreateEvent',
        'SurveyResponseAttributeValueChangeEvent', 'SurveyResponseStateChangeEvent',
        'SurveyResponseAttributeValueChangeEvent',
        'SurveyResponseAttributeValueChangeEvent', 'SurveyResponseStateChangeEvent',
        'SurveyResponseAttributeValueChangeEvent'
      ])
    })

    t.test('an invitation may expire; an expired response is final', async (t) => {
      const { href } = (await post(aSurveyResponse(survey))).json()
      const expired = await mergePatch(op, href, { status: 'expired', statusChangeReason: 'no answer within 14 days' })
      t.equal(expired.statusCode, 200)
      t.notOk('submittedDate' in expired.json())
      await refusedWith(await mergePatch(op, href, { answer: [anAnswer('nps', 9)] }), 409, 'ERR409-ANSWERS-FROZEN', 'answering an expired response')
      await refusedWith(await mergePatch(op, href, { status: 'completed', answer: [anAnswer('nps', 9)] }), 409, 'ERR409-TRANSITION', 'expired is final')
    })

    t.test('a response to a survey retired in the meantime can no longer be answered, only expired', async (t) => {
      const s = await createSurvey(op)
      const { href } = (await post(aSurveyResponse(s, { status: 'started', answer: [anAnswer('nps', 8)] }))).json()
      const other = (await post(aSurveyResponse(s))).json()
      await mergePatch(op, s.href, { status: 'retired' })
      const answer = await mergePatch(op, href, { answer: [anAnswer('nps', 9)] })
      await refusedWith(answer, 400, 'ERR400-SURVEY-CLOSED', 'answering a retired survey')
      t.match(answer.json().message, 'retired')
      await refusedWith(await mergePatch(op, href, { status: 'completed' }), 400, 'ERR400-SURVEY-CLOSED', 'submitting to a retired survey')
      await refusedWith(await mergePatch(op, other.href, { status: 'started' }), 400, 'ERR400-SURVEY-CLOSED', 'starting on a retired survey')
      t.equal((await mergePatch(op, href, { status: 'expired' })).statusCode, 200)
    })

    t.test('the customer is required; subjects are tickets or orders', async (t) => {
      await refusedWith(await post(aSurveyResponse(survey, { relatedParty: [aPartyRef('partner', 'fibreco', 'BusinessPartner')] })), 400, 'ERR400-CUSTOMER', 'no customer')
      const badSubject = aSurveyResponse(survey, { relatedEntity: [{ '@type': 'RelatedEntity', role: 'subject', entity: { '@type': 'EntityRef', id: 'bill-1', '@referredType': 'CustomerBill' } }] })
      await refusedWith(await post(badSubject), 400, 'ERR400-SUBJECT', 'bill as subject')
      const order = await post(aSurveyResponse(survey, { relatedEntity: [{ '@type': 'RelatedEntity', role: 'subject', entity: { '@type': 'EntityRef', id: 'po-1', '@referredType': 'ProductOrder' } }] }))
      t.equal(order.statusCode, 201)
      await refusedWith(await mergePatch(op, order.json().href, { relatedParty: [aPartyRef('partner', 'fibreco', 'BusinessPartner')] }), 400, 'ERR400-CUSTOMER', 'customer removed by patch')
    })

    t.test('list queries on score, survey and subject', async (t) => {
      const s = await createSurvey(op, { name: 'Query survey' })
      for (const [customer, nps] of [['cust-002', 2], ['cust-003', 9], ['cust-004', 5]] as const) {
        const res = await post(aSurveyResponse(s, { status: 'completed', relatedParty: [aPartyRef('customer', customer)], answer: [anAnswer('nps', nps)] }))
        t.equal(res.statusCode, 201)
      }
      const customersOf = async (qs: string): Promise<string[]> => {
        const res = await op({ method: 'GET', url: `${RESPONSES}?survey.id=${s.id}&${qs}` })
        t.equal(res.statusCode, 200, qs)
        return (res.json() as Array<{ relatedParty: Array<{ partyOrPartyRole: { id: string } }> }>).map((r) => r.relatedParty[0]?.partyOrPartyRole.id ?? '').sort()
      }
      t.same(await customersOf('score.nps=detractor'), ['cust-002', 'cust-004'])
      t.same(await customersOf('score.npsValue.gte=5'), ['cust-003', 'cust-004'])
      t.same(await customersOf('status=completed&relatedParty.partyOrPartyRole.id=cust-003'), ['cust-003'])
      t.same(await customersOf('relatedEntity.entity.id=tt-1'), ['cust-002', 'cust-003', 'cust-004'])
      const sorted = (await op({ method: 'GET', url: `${RESPONSES}?survey.id=${s.id}&sort=-score.npsValue&fields=score` })).json() as Array<{ score: { npsValue: number } }>
      t.same(sorted.map((r) => r.score.npsValue), [9, 5, 2])
    })

    t.test('questions edited before activation are what answers are checked against', async (t) => {
      const s = await createSurvey(op, { status: 'draft', question: [aQuestion('old', 'csat')] })
      await mergePatch(op, s.href, { question: [aQuestion('stars', 'rating', { scaleMin: 0, scaleMax: 5 })], status: 'active' })
      await refusedWith(await post(aSurveyResponse(s, { status: 'completed', answer: [anAnswer('old', 3)] })), 400, 'ERR400-UNKNOWN-QUESTION', 'removed question')
      const ok = await post(aSurveyResponse(s, { status: 'completed', answer: [anAnswer('stars', 0)] }))
      t.equal(ok.statusCode, 201)
      t.notOk('score' in ok.json(), 'a rating alone gives no score')
    })
  })
}
