import t from 'tap'
import { createCustomer360Client, createCxAnalyticsClient, pageCounts } from '@cx/clients'
import { devIssueToken } from '@cx/auth'
import { startListener, TEST_AUTH } from '@cx/test-kit'
import { as, createCustomer, createTicket, startCx, startSources, the360, urlOf } from './test-support.ts'

// The generated clients of the cx APIs type real calls against the real server (compile-checked:
// a path, parameter or body the documents do not declare fails check-types).
t.test('typed clients of customer360 and cxAnalytics against a live cx', async (t) => {
  const sources = await startSources(t, 'postgres')
  const cx = await startCx(t, 'postgres', urlOf(sources))
  const customer = await createCustomer(as(sources, 'operator'), 'Ada Lovelace', ['fibreco'])
  await createTicket(as(sources, 'fibreco'), customer.id, 'fibreco')
  await the360(cx, 'operator', customer.id, (d) => (d.troubleTicket as unknown[]).length === 1)
  const token = async (): Promise<string> => await devIssueToken(TEST_AUTH, 'operator')
  const c360 = createCustomer360Client({ baseUrl: `${urlOf(cx)}/tmf-api/customer360/v5`, token })
  const analytics = createCxAnalyticsClient({ baseUrl: `${urlOf(cx)}/tmf-api/cxAnalytics/v1`, token })

  const list = await c360.GET('/customer360', { params: { query: { 'customer.name': 'Ada Lovelace', fields: 'customer,experience', sort: 'customer.name', offset: 0, limit: 10 } } })
  t.equal(list.response.status, 200)
  t.equal(pageCounts(list.response).total, 1)
  t.equal(list.data?.[0]?.id, customer.id)

  const one = await c360.GET('/customer360/{id}', { params: { path: { id: customer.id } } })
  t.equal(one.data?.['@type'], 'CxCustomer360')
  t.equal(one.data?.troubleTicket.length, 1)
  t.equal(typeof one.data?.experience.churnRisk, 'string')
  const missing = await c360.GET('/customer360/{id}', { params: { path: { id: 'nobody' } } })
  t.equal(missing.response.status, 404)
  t.equal(missing.error?.['@type'], 'Error')

  const journey = await analytics.GET('/journeyEvent', { params: { query: { 'customer.id': customer.id, kind: 'ticketOpened', limit: 5 } } })
  t.equal(journey.data?.length, 1)
  t.equal(journey.data?.[0]?.entity['@referredType'], 'TroubleTicket')

  const listener = await startListener(t)
  const hub = await c360.POST('/hub', { body: { '@type': 'Hub', callback: listener.url, query: 'eventType=Customer360AttributeValueChangeEvent' } })
  t.equal(hub.response.status, 201)
  const id = String(hub.data?.id)
  t.equal((await c360.GET('/hub/{id}', { params: { path: { id } } })).response.status, 200)
  t.equal((await c360.DELETE('/hub/{id}', { params: { path: { id } } })).response.status, 204)
})
