import t from 'tap'
import { until } from '@cx/test-kit'
import { caller, cxEnv, freshDatabase, startResourceServices, startService } from './services.ts'

type Body = Record<string, any>

// An outage across separate processes (the resource services, TMF681 and cx on PostgreSQL),
// talking only over HTTP: cx learns the outage from the ticket hub, resolves its customers from
// its read model, creates their messages in the TMF681 service, links the ticket a customer opens
// during the outage, and the trouble-ticket service threads that customer's repeat ticket.
t.test('an outage and a repeat contact across separate processes', async (t) => {
  const services = await startResourceServices(t)
  const communication = await startService(t, 'communication', 'apps/communication/src/server.ts', {})
  const cxDb = await freshDatabase(t, 'cx')
  const cx = await startService(t, 'cx', 'apps/cx/src/server.ts', { ...await cxEnv(services, cxDb), CX_COMMUNICATION_ORIGIN: communication.url })
  const op = caller('operator')
  const TICKETS = `${services.troubleTicket.url}/tmf-api/troubleTicket/v5/troubleTicket`
  const rp = (role: string, id: string, referredType: string): Body => ({ '@type': 'RelatedPartyRefOrPartyRoleRef', role, partyOrPartyRole: { '@type': 'PartyRoleRef', id, '@referredType': referredType } })
  const post = async (url: string, body: Body): Promise<Body> => {
    const res = await op(url, { method: 'POST', body })
    if (res.status !== 201) throw new Error(`POST ${url}: ${res.status} ${JSON.stringify(await res.json())}`)
    return await res.json()
  }
  const get = async (url: string): Promise<Body> => await (await op(url)).json()

  const customer = await post(`${services.customer.url}/tmf-api/customerManagement/v5/customer`, {
    '@type': 'Customer',
    name: 'Ada Lovelace',
    engagedParty: { '@type': 'PartyRef', id: 'ada-e2e', '@referredType': 'Individual' },
    contactMedium: [{ '@type': 'PhoneContactMedium', preferred: true, phoneNumber: '+441632960001' }, { '@type': 'GeographicAddressContactMedium', city: 'Leeds', postCode: 'LS1 4AP', country: 'GB' }],
    relatedParty: [rp('partner', 'fibreco', 'BusinessPartner')]
  })
  const cust = rp('customer', customer.id, 'Customer')
  await until('the customer in cx', async () => (await caller('operator')(`${cx.url}/tmf-api/customer360/v5/customer360/${customer.id}`)).status === 200 ? true : undefined, 60_000)

  const outage = await post(TICKETS, {
    '@type': 'CxOutage',
    '@baseType': 'TroubleTicket',
    ticketType: 'Outage',
    severity: 'Critical',
    name: 'Fibre cut in Leeds',
    description: 'A fibre cut takes broadband down in Leeds',
    expectedResolutionDate: '2030-01-01T12:00:00Z',
    impact: { '@type': 'OutageImpact', place: [{ postCode: 'ls14ap' }] },
    relatedParty: [rp('partner', 'fibreco', 'BusinessPartner')]
  })

  t.test('cx resolves the affected customer and the TMF681 service holds the message', async (t) => {
    const impact = await until('the impact', async () => {
      const list = await (await op(`${cx.url}/tmf-api/cxAnalytics/v1/outageImpact?outage.id=${String(outage.id)}`)).json() as Body[]
      return list.length === 1 && list[0]?.firstTold !== undefined ? list : undefined
    }, 60_000)
    t.match(impact[0], { customer: { id: customer.id }, reason: ['place:LS14AP'], contactable: true })
    const messages = await get(`${communication.url}/tmf-api/communicationManagement/v4/communicationMessage?relatedEntity.entity.id=${String(outage.id)}`) as Body[]
    t.equal(messages.length, 1)
    t.match(messages[0], { messageType: 'SMS', state: 'initial', receiver: [{ phoneNumber: '+441632960001', party: { id: customer.id } }] })
  })

  t.test('the ticket the customer opens is linked to the outage; a second one is a threaded repeat', async (t) => {
    const first = await post(TICKETS, { '@type': 'TroubleTicket', description: 'No broadband', severity: 'Major', ticketType: 'Incident', relatedParty: [cust] })
    const linked = await until('the link', async () => {
      const doc = await get(`${services.troubleTicket.url}${String(first.href)}`)
      return (doc.troubleTicketRelationship ?? []).some((r: Body) => r.relationshipType === 'isChildOf') ? doc : undefined
    }, 60_000)
    t.match(linked.troubleTicketRelationship, [{ id: outage.id, relationshipType: 'isChildOf' }])
    const again = await post(TICKETS, { '@type': 'TroubleTicket', description: 'Still no broadband', severity: 'Major', ticketType: 'Incident', relatedParty: [cust] })
    t.equal(again.repeatContactCount, 1)
    t.match(again.troubleTicketRelationship, [{ id: first.id, relationshipType: 'relatedTo' }])
    const journey = await until('ticketThreaded', async () => {
      const list = await (await op(`${cx.url}/tmf-api/cxAnalytics/v1/journeyEvent?customer.id=${String(customer.id)}&kind=ticketThreaded`)).json() as Body[]
      return list.length === 1 ? list : undefined
    }, 60_000)
    t.equal(journey[0]?.entity.id, again.id)
  })
})
