import t from 'tap'
import type { FastifyInstance } from 'fastify'
import { tmfServerOptionsFromEnv } from '@cx/engine'
import { until } from '@cx/test-kit'
import { buildSuite } from './app.ts'

type Doc = Record<string, any>
const TT = '/tmf-api/troubleTicket/v5/troubleTicket'
const CUSTOMERS = '/tmf-api/customerManagement/v5/customer'

// The outage chapter of the demo story (seed/outages.seed.ts), in the embedded suite.
t.setTimeout(600_000)
t.test('the demo outage: affected customers told, and Grace\'s threaded repeat ticket in her 360', async (t) => {
  const opts = tmfServerOptionsFromEnv({ CX_MODE: 'embedded' })
  const app: FastifyInstance = await buildSuite({ ...opts, db: { dataDir: 'memory://' }, logger: false })
  t.teardown(() => app.close())
  await app.listen({ host: '127.0.0.1', port: 0 })
  const get = async (url: string): Promise<any> => (await app.inject({ method: 'GET', url })).json()
  const outage = ((await get(`${TT}?ticketType=Outage`)) as Doc[])[0] as Doc
  t.equal(outage['@type'], 'CxOutage')
  const grace = ((await get(`${CUSTOMERS}?engagedParty.id=cust-002`)) as Doc[])[0] as Doc

  const impact = await until('the outage impact with messages', async () => {
    const list = await get(`/tmf-api/cxAnalytics/v1/outageImpact?outage.id=${String(outage.id)}`) as Doc[]
    return list.length >= 2 && list.every((i) => i.firstTold !== undefined) ? list : undefined
  }, 120_000)
  t.ok(impact.some((i) => i.customer.id === grace.id && i.reason.includes('place:plymouth')), 'Grace, by her city')
  t.ok(impact.some((i) => i.reason.includes('place:M13BN')), 'Contoso, by its postcode')
  const messages = await get(`/tmf-api/communicationManagement/v4/communicationMessage?relatedEntity.entity.id=${String(outage.id)}`) as Doc[]
  t.equal(messages.length, impact.length, 'one message per affected customer')

  const view = await until('Grace\'s 360 with the repeat', async () => {
    const d = await get(`/tmf-api/customer360/v5/customer360/${String(grace.id)}`) as Doc
    return (d.journey ?? []).some((e: Doc) => e.kind === 'ticketThreaded') ? d : undefined
  }, 120_000)
  t.match(JSON.stringify(view), /contact us again about a problem they had already reported/)
  const repeat = (view.troubleTicket as Doc[]).find((x) => x.name === 'Broadband dropping again') as Doc
  const full = await get(String(repeat.href))
  t.equal(full.repeatContactCount, 1)
  await until('the repeat linked to the outage', async () => {
    const d = await get(String(repeat.href))
    return (d.troubleTicketRelationship ?? []).some((r: Doc) => r.relationshipType === 'isChildOf' && r.id === outage.id) ? true : undefined
  }, 120_000)
  t.pass('Grace\'s ticket opened during the outage is its child')
})
