import t from 'tap'
import { aPartyRef, callAbout, callsBeforeMarker, startListener, storeKinds } from '@cx/test-kit'
import { anAnswer, as, aSurveyResponse, createSurvey, mergePatch, startSurveys, V1 } from './test-support.ts'

const RESPONSES = `${V1}/surveyResponse`

for (const kind of storeKinds()) {
  t.test(`partner scope on ${kind}`, async (t) => {
    const app = await startSurveys(t, kind)
    const op = as(app, 'operator')
    const fibreco = as(app, 'fibreco')
    const streamplus = as(app, 'streamplus')
    const listenerStreamplus = await startListener(t)
    t.equal((await streamplus({ method: 'POST', url: `${V1}/hub`, payload: { '@type': 'Hub', callback: listenerStreamplus.url } })).statusCode, 201)

    // A survey shared with fibreco (named as a related partner), and one the operator keeps to itself.
    const shared = await createSurvey(op, { name: 'Shared', relatedParty: [aPartyRef('partner', 'fibreco', 'BusinessPartner')] })
    const internal = await createSurvey(op, { name: 'Internal' })
    const onlyCustomer = { relatedParty: [aPartyRef('customer', 'cust-002')] }

    t.test('a partner reads the surveys it is named on, and no others', async (t) => {
      t.equal((await fibreco({ method: 'GET', url: shared.href })).statusCode, 200)
      t.equal((await fibreco({ method: 'GET', url: internal.href })).statusCode, 404)
      t.same((await fibreco({ method: 'GET', url: `${V1}/survey` })).json().map((s: { name: string }) => s.name), ['Shared'])
      t.same((await streamplus({ method: 'GET', url: `${V1}/survey` })).json(), [])
    })

    t.test('a partner collects responses to a shared survey and is attributed automatically', async (t) => {
      const res = await fibreco({ method: 'POST', url: RESPONSES, payload: aSurveyResponse(shared, { ...onlyCustomer, status: 'completed', answer: [anAnswer('nps', 9)] }) })
      t.equal(res.statusCode, 201)
      const partner = res.json().relatedParty.find((rp: { role: string }) => rp.role === 'partner')
      t.equal(partner.partyOrPartyRole.id, 'fibreco')
      t.equal((await fibreco({ method: 'GET', url: res.json().href })).statusCode, 200)
      const blame = await fibreco({ method: 'POST', url: RESPONSES, payload: aSurveyResponse(shared, { relatedParty: [aPartyRef('customer', 'cust-002'), aPartyRef('partner', 'fixit', 'BusinessPartner')] }) })
      t.equal(blame.statusCode, 403, 'a partner cannot attribute a response to another partner')
    })

    t.test('a survey outside the partner\'s scope is as unknown as a missing one', async (t) => {
      const res = await fibreco({ method: 'POST', url: RESPONSES, payload: aSurveyResponse(internal, onlyCustomer) })
      t.equal(res.statusCode, 400)
      t.equal(res.json().code, 'ERR400-UNKNOWN-SURVEY')
      t.equal(res.json().message, `survey ${internal.id} does not exist`)
      t.equal((await streamplus({ method: 'POST', url: RESPONSES, payload: aSurveyResponse(shared, onlyCustomer) })).json().code, 'ERR400-UNKNOWN-SURVEY')
    })

    t.test('responses are seen by the partner they are attributed to, and the operator', async (t) => {
      const forFibreco = (await op({ method: 'POST', url: RESPONSES, payload: aSurveyResponse(internal) })).json()
      t.equal((await fibreco({ method: 'GET', url: forFibreco.href })).statusCode, 200, 'attributed by the operator')
      t.equal((await streamplus({ method: 'GET', url: forFibreco.href })).statusCode, 404)
      t.equal((await mergePatch(streamplus, forFibreco.href, { status: 'expired' })).statusCode, 404)
      t.same((await streamplus({ method: 'GET', url: RESPONSES })).json(), [])
      t.equal((await streamplus({ method: 'GET', url: `${RESPONSES}?id=${forFibreco.id}` })).json().length, 0, 'a filter cannot reach outside the scope')
      t.equal((await fibreco({ method: 'GET', url: RESPONSES })).headers['x-total-count'], '2')
      t.equal((await op({ method: 'GET', url: RESPONSES })).headers['x-total-count'], '2')
    })

    t.test('surveys and recorded responses are the operator\'s to change', async (t) => {
      const created = await fibreco({ method: 'POST', url: `${V1}/survey`, payload: { '@type': 'Survey', name: 'Our own survey', question: [] } })
      t.equal(created.statusCode, 403)
      t.equal(created.json().code, 'ERR403')
      t.equal((await mergePatch(fibreco, shared.href, { status: 'retired' })).statusCode, 403, 'a partner named on a survey only reads it')
      const mine = (await fibreco({ method: 'POST', url: RESPONSES, payload: aSurveyResponse(shared, { ...onlyCustomer, status: 'started', answer: [anAnswer('nps', 4)] }) })).json()
      const improved = await mergePatch(fibreco, mine.href, { answer: [anAnswer('nps', 10)] })
      t.equal(improved.statusCode, 403, 'not even the partner that collected it')
      t.equal((await op({ method: 'GET', url: mine.href })).json().score.npsValue, 4)
      t.equal((await mergePatch(op, mine.href, { status: 'completed' })).statusCode, 200, 'the operator completes it')
    })

    t.test('a partner is not notified about other partners\' surveys and responses', async (t) => {
      // Its own survey is the marker: everything the operator and fibreco did happened before it.
      const heard = await callsBeforeMarker(app.db, listenerStreamplus, async () => {
        const own = await createSurvey(op, { name: 'StreamPlus pulse', relatedParty: [aPartyRef('partner', 'streamplus', 'BusinessPartner')] })
        return callAbout(own.id, 'SurveyCreateEvent')
      })
      t.same(heard, [], 'nothing about the shared or internal surveys, nor their responses')
    })

    t.test('without a valid token the service answers 401', async (t) => {
      const res = await app.inject({ method: 'GET', url: `${V1}/survey` })
      t.equal(res.statusCode, 401)
      t.equal(res.json()['@type'], 'Error')
    })
  })
}
