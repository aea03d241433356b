import t from 'tap'
import { storeKinds } from '@cx/test-kit'
import { buildApp } from '@cx/survey'
import { createCustomerSatisfactionClient, pageCounts, PatchMediaType, type customerSatisfactionV1 } from '../index.ts'
import { serve, tokenSource } from './serve.ts'
import { hubSmoke } from './hub.ts'

type SurveyFvo = customerSatisfactionV1.components['schemas']['Survey_FVO']
type SurveyResponseFvo = customerSatisfactionV1.components['schemas']['SurveyResponse_FVO']

const aSurvey: SurveyFvo = {
  '@type': 'Survey',
  name: 'After a repair',
  status: 'active',
  question: [{ '@type': 'SurveyQuestion', id: 'nps', text: 'Would you recommend us?', metric: 'nps' }]
}

const aResponse = (surveyId: string, customer: string): SurveyResponseFvo => ({
  '@type': 'SurveyResponse',
  survey: { id: surveyId, '@referredType': 'Survey' },
  relatedParty: [{ '@type': 'RelatedPartyRefOrPartyRoleRef', role: 'customer', partyOrPartyRole: { '@type': 'PartyRef', id: customer, '@referredType': 'Individual' } }]
})

for (const kind of storeKinds()) {
  t.test(`the customer satisfaction v1 client types real calls on ${kind}`, async (t) => {
    const origin = await serve(t, buildApp, kind)
    const client = createCustomerSatisfactionClient({ baseUrl: `${origin}/tmf-api/customerSatisfaction/v1`, token: tokenSource('operator').token })
    const survey = await client.POST('/survey', { body: aSurvey })
    const surveyId = survey.data?.id ?? ''

    t.test('create, then list with filters, lastUpdate.gt, sort and paging', async (t) => {
      t.equal(survey.response.status, 201)
      const since = new Date(Date.now() - 60_000).toISOString()
      for (const customer of ['cust-a', 'cust-b', 'cust-a']) t.equal((await client.POST('/surveyResponse', { body: aResponse(surveyId, customer) })).response.status, 201)
      const { data, response } = await client.GET('/surveyResponse', {
        params: { query: { 'relatedParty.partyOrPartyRole.id': 'cust-a', 'relatedParty.role': 'customer', 'lastUpdate.gt': since, sort: '-creationDate', offset: 0, limit: 5 } }
      })
      t.same(pageCounts(response), { total: 2, count: 2 })
      t.ok(data?.every((r) => r.survey.id === surveyId))
    })

    t.test('PATCH with each of the four media types', async (t) => {
      const created = (await client.POST('/survey', { body: { ...aSurvey, status: 'draft', note: [{ '@type': 'Note', id: '1', text: 'first' }] } })).data
      if (created === undefined) throw new Error('create failed')
      const path = { id: created.id }
      const json = await client.PATCH('/survey/{id}', { params: { path }, body: { description: 'Sent after a repair' } })
      t.equal(json.data?.description, 'Sent after a repair')
      const merge = await client.PATCH('/survey/{id}', { params: { path }, body: { description: null }, headers: { 'Content-Type': PatchMediaType.mergePatch } })
      t.equal(merge.data?.description, undefined, 'null removes the attribute')
      const jsonPatch = await client.PATCH('/survey/{id}', { params: { path }, body: [{ op: 'replace', path: '/question/0/text', value: 'Reworded' }], headers: { 'Content-Type': PatchMediaType.jsonPatch } })
      t.equal(jsonPatch.data?.question?.[0]?.text, 'Reworded')
      const query = await client.PATCH('/survey/{id}', { params: { path }, body: [{ op: 'replace', path: '/note?id=1/text', value: 'first, edited' }], headers: { 'Content-Type': PatchMediaType.jsonPatchQuery } })
      t.same(query.data?.note?.map((n) => n.text), ['first, edited'])
    })

    hubSmoke(t, client, 'SurveyResponseCreateEvent', async () => await client.POST('/surveyResponse', { body: aResponse(surveyId, 'cust-hub') }))
  })
}
