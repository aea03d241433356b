import t from 'tap'
import { outboxCounts, seedCaller, storeKinds } from '@cx/test-kit'
import { surveySeed } from '../../suite/src/seed/surveys.seed.ts'
import { standInRefs } from '../../suite/src/seed/seed-refs.ts'
import { DemoClock } from '../../suite/src/seed/demo-clock.ts'
import { as, startSurveys, V1 } from './test-support.ts'

type Doc = Record<string, any>

for (const kind of storeKinds()) {
  t.test(`the survey service on its own on ${kind}`, async (t) => {
    const app = await startSurveys(t, kind)
    const op = as(app, 'operator')

    t.test('the API is labelled a non-standard extension and served as v1 only', async (t) => {
      const spec = await app.inject({ method: 'GET', url: `${V1}/openapi.json` })
      t.equal(spec.statusCode, 200)
      const doc = spec.json()
      t.match(doc.info.title, 'non-standard extension')
      t.notMatch(doc.info.title, /TMF\d/)
      t.match(doc.info.description, 'Non-standard extension')
      t.match(doc.info.description, 'TM Forum defines no standard')
      t.equal(doc.info.version, '1.0.0')
      for (const path of ['/survey', '/survey/{id}', '/surveyResponse', '/surveyResponse/{id}', '/hub', '/hub/{id}']) {
        t.ok(doc.paths[path], `documents ${path} (relative to the API root)`)
      }
      for (const schema of ['Survey', 'Survey_FVO', 'Survey_MVO', 'SurveyResponse', 'SurveyResponse_FVO', 'SurveyResponse_MVO', 'SurveyQuestion', 'SurveyTrigger', 'SurveyAnswer', 'SurveyScore', 'SurveyRef']) {
        t.ok(doc.components.schemas[schema], `component ${schema}`)
      }
      const root = (await op({ method: 'GET', url: '/' })).json()
      // Its own API, then the audit trail every server serves over its own database (operators only).
      t.same(root.apis.map((a: { root: string, tmfId: unknown }) => [a.root, a.tmfId]), [[V1, null], ['/tmf-api/audit/v1', null]])
      t.equal((await op({ method: 'GET', url: '/tmf-api/customerSatisfaction/v5/survey' })).statusCode, 404)
    })

    t.test('the demo seed tells the survey story through the HTTP surface', async (t) => {
      const call = seedCaller(app)
      // The customers, tickets and orders stand in for the other services' (id = the story key).
      await surveySeed.run(call, standInRefs(), new DemoClock())
      const get = async (url: string, who = 'operator'): Promise<Doc[]> => (await as(app, who)({ method: 'GET', url })).json()

      const surveys = await get(`${V1}/survey?sort=name`)
      t.same(surveys.map((s) => [s.name, s.status]), [
        ['After a repair', 'active'],
        ['Business relationship review', 'draft'],
        ['Order and installation', 'active'],
        ['Streaming quality pulse', 'retired']
      ])
      t.same(surveys.find((s) => s.name === 'After a repair')?.trigger.map((tr: Doc) => tr.eventType), ['TroubleTicketResolvedEvent'])

      const responses = await get(`${V1}/surveyResponse?limit=100`)
      t.equal(responses.length, 10)
      const customerOf = (r: Doc): string => r.relatedParty.find((rp: Doc) => rp.role === 'customer').partyOrPartyRole.id
      const partnerOf = (r: Doc): string => r.relatedParty.find((rp: Doc) => rp.role === 'partner').partyOrPartyRole.id
      const demoCustomers = ['cust-001', 'cust-002', 'cust-003', 'cust-004', 'cust-005', 'cust-006']
      t.ok(responses.every((r) => demoCustomers.includes(customerOf(r)) && ['fibreco', 'streamplus', 'fixit'].includes(partnerOf(r))), 'the shared cast only')
      const customerRef = (r: Doc): Doc => r.relatedParty.find((rp: Doc) => rp.role === 'customer').partyOrPartyRole
      t.ok(responses.every((r) => customerRef(r)['@referredType'] === 'Customer' && customerRef(r).href === `/tmf-api/customerManagement/v5/customer/${customerOf(r)}`), 'each names the TMF629 customer (id and href)')
      const subjects = responses.map((r) => r.relatedEntity.filter((re: Doc) => re.role === 'subject').map((re: Doc) => re.entity))
      t.ok(subjects.every((s) => s.length === 1 && ['TroubleTicket', 'ProductOrder'].includes(s[0]['@referredType'])), 'each links the ticket or order it asks about')
      const outageSubject = responses.find((r) => customerOf(r) === 'cust-001' && r.status === 'completed')?.relatedEntity[0].entity
      t.same([outageSubject?.id, outageSubject?.href], ['ticket-ada-fibre-outage', '/tmf-api/troubleTicket/v5/troubleTicket/ticket-ada-fibre-outage'])

      const detractors = await get(`${V1}/surveyResponse?status=completed&score.nps=detractor`)
      t.same(detractors.map((r) => `${customerOf(r)}/${partnerOf(r)}`).sort(), ['cust-001/fibreco', 'cust-003/fixit', 'cust-004/streamplus'])
      const outage = detractors.find((r) => customerOf(r) === 'cust-001')
      t.same(outage?.score, { '@type': 'SurveyScore', nps: 'detractor', npsValue: 3, csat: 2, ces: 6 })
      t.same(outage?.statusChangeHistory.map((h: Doc) => h.status), ['invited', 'started', 'completed'])
      t.ok(outage?.submittedDate)

      const counts = (status: string): number => responses.filter((r) => r.status === status).length
      t.same([counts('completed'), counts('started'), counts('invited'), counts('expired')], [7, 1, 1, 1])

      // Partners see the responses attributed to them, and the surveys they are named on.
      const fixit = await get(`${V1}/surveyResponse`, 'fixit')
      t.same(fixit.map(customerOf).sort(), ['cust-001', 'cust-003', 'cust-006'])
      t.equal(fixit.find((r) => r.channel.id === 'field-tablet')?.score.nps, 'promoter', 'collected on site by fixit')
      t.same((await get(`${V1}/survey?sort=name`, 'streamplus')).map((s) => s.name), ['After a repair', 'Order and installation', 'Streaming quality pulse'])

      const n = await outboxCounts(app)
      t.equal(n.SurveyCreateEvent, 4)
      t.equal(n.SurveyStateChangeEvent, 2)
      t.equal(n.SurveyResponseCreateEvent, 10)
    })
  })
}
