import t from 'tap'
import { signBody } from '@cx/events'
import { startListener, until } from '@cx/test-kit'
import { caller, CX_HUB_SECRET, cxEnv, freshDatabase, startResourceServices, startService } from './services.ts'

type Body = Record<string, any>

// The resource services and cx as separate processes on PostgreSQL and Redis, talking only over
// HTTP (REST and hubs), as in production.
t.test('Customer 360 across separate processes', async (outer) => {
  const t = outer
  const services = await startResourceServices(t)
  const cxDb = await freshDatabase(t, 'cx')
  const env = await cxEnv(services, cxDb)
  let cx = await startService(t, 'cx', 'apps/cx/src/server.ts', env)
  const op = caller('operator')
  const fibreco = caller('fibreco')
  const fixit = caller('fixit')
  const C360 = (): string => `${cx.url}/tmf-api/customer360/v5/customer360`
  const JOURNEY = (): string => `${cx.url}/tmf-api/cxAnalytics/v1/journeyEvent`
  const rp = (role: string, id: string, referredType: string): Body => ({ '@type': 'RelatedPartyRefOrPartyRoleRef', role, partyOrPartyRole: { '@type': 'PartyRoleRef', id, '@referredType': referredType } })
  const post = async (call: ReturnType<typeof caller>, url: string, body: Body): Promise<Body> => {
    const res = await call(url, { method: 'POST', body })
    if (res.status !== 201) throw new Error(`POST ${url}: ${res.status} ${JSON.stringify(await res.json())}`)
    return await res.json()
  }
  const patch = async (url: string, body: Body): Promise<Body> => {
    const res = await op(url, { method: 'PATCH', body, headers: { 'content-type': 'application/merge-patch+json' } })
    if (res.status !== 200) throw new Error(`PATCH ${url}: ${res.status}`)
    return await res.json()
  }
  const view = async (who: ReturnType<typeof caller>, id: string, ready: (d: Body) => boolean): Promise<Body> =>
    await until(`the 360 of ${id}`, async () => {
      const res = await who(`${C360()}/${id}`)
      if (res.status !== 200) return undefined
      const d = await res.json()
      return ready(d) ? d : undefined
    }, 60_000)

  // Captures the ticket hub's real events, to replay them to cx duplicated and out of order.
  const tap = await startListener(t)
  await op(`${services.troubleTicket.url}/tmf-api/troubleTicket/v5/hub`, { method: 'POST', body: { '@type': 'Hub', callback: tap.url } })

  const customer = await post(op, `${services.customer.url}/tmf-api/customerManagement/v5/customer`, {
    '@type': 'Customer', name: 'Ada Lovelace', engagedParty: { '@type': 'PartyRef', id: 'ada', '@referredType': 'Individual' }, relatedParty: [rp('partner', 'fibreco', 'BusinessPartner'), rp('partner', 'fixit', 'BusinessPartner')]
  })
  const cust = rp('customer', customer.id, 'Customer')
  const order = await post(fibreco, `${services.productOrder.url}/tmf-api/productOrderingManagement/v5/productOrder`, {
    '@type': 'ProductOrder', relatedParty: [cust], productOrderItem: [{ '@type': 'ProductOrderItem', id: '1', action: 'add', productOffering: { '@type': 'ProductOfferingRef', id: 'fibre-1g', name: 'Fibre 1G' } }]
  })
  const ticket = await post(fixit, `${services.troubleTicket.url}/tmf-api/troubleTicket/v5/troubleTicket`, {
    '@type': 'TroubleTicket', name: 'Router in the wrong room', description: 'Router in the wrong room', severity: 'Minor', ticketType: 'Complaint', relatedParty: [cust]
  })
  await patch(`${services.troubleTicket.url}${String(ticket.href)}`, { status: 'inProgress' })

  t.test('writes through the resource APIs appear in the 360 and the journey', async (t) => {
    const d = await view(op, customer.id, (x) => x.productOrder.length === 1 && x.troubleTicket[0]?.status === 'inProgress')
    t.equal(d['@type'], 'CxCustomer360')
    t.equal(d.productOrder[0].id, order.id)
    t.equal(d.troubleTicket[0].id, ticket.id)
    const journey = await (await op(`${JOURNEY()}?customer.id=${customer.id}`)).json() as Body[]
    t.same(journey.map((e) => e.kind).filter((k) => k !== 'customerRegistered'), ['orderPlaced', 'ticketOpened', 'ticketStatusChanged'])
  })

  t.test('partner A never sees B\'s share', async (t) => {
    const a = await view(fibreco, customer.id, (x) => x.productOrder.length === 1)
    t.same(a.troubleTicket, [], 'fibreco: not fixit\'s ticket')
    const b = await view(fixit, customer.id, (x) => x.troubleTicket.length === 1)
    t.same(b.productOrder, [], 'fixit: not fibreco\'s order')
    const bJourney = await (await fixit(`${JOURNEY()}?customer.id=${customer.id}`)).json() as Body[]
    t.notOk(bJourney.some((e) => e.entity.id === order.id))
    t.equal((await caller('streamplus')(`${C360()}/${customer.id}`)).status, 404)
  })

  t.test('cx stopped during writes and restarted is complete afterwards', async (t) => {
    await cx.process.kill()
    const more = []
    for (let i = 0; i < 3; i++) {
      more.push(await post(fixit, `${services.troubleTicket.url}/tmf-api/troubleTicket/v5/troubleTicket`, {
        '@type': 'TroubleTicket', name: `while cx was down ${i}`, description: 'x', severity: 'Major', ticketType: 'Incident', relatedParty: [cust]
      }))
    }
    await patch(`${services.productOrder.url}${String(order.href)}`, { description: 'changed while cx was down' })
    cx = await startService(outer, 'cx', 'apps/cx/src/server.ts', env, cx.port)
    const d = await view(op, customer.id, (x) => x.troubleTicket.length === 4 && x.productOrder[0]?.description === 'changed while cx was down')
    t.same(d.troubleTicket.map((x: Body) => x.id).sort(), [ticket.id, ...more.map((m) => m.id)].sort())
  })

  t.test('duplicate and reordered deliveries leave the same read model; a forged signature changes nothing', async (t) => {
    const events = await until('the ticket hub events', async () => tap.received.length >= 5 ? tap.received : undefined)
    const before = await view(op, customer.id, () => true)
    const send = async (rawBody: string, secret = CX_HUB_SECRET): Promise<number> => (await fetch(`${cx.url}/cx/listener/troubleTicket`, {
      method: 'POST', body: rawBody, headers: { 'content-type': 'application/json', 'x-hub-signature-256': signBody(secret, rawBody) }
    })).status
    // Every real event again, newest first: duplicates of what cx has, and older versions after newer ones.
    for (const e of [...events].reverse()) t.equal(await send(e.rawBody), 204)
    const forged = JSON.stringify({ ...JSON.parse(events[0]?.rawBody ?? '{}'), eventId: 'forged', event: { troubleTicket: { ...ticket, name: 'forged', lastUpdate: '2099-01-01T00:00:00.000Z' } } })
    t.equal(await send(forged, 'not-the-secret-of-cx'), 401)
    const after = await view(op, customer.id, () => true)
    const strip = (d: Body): string => JSON.stringify({ ...d, dataFreshness: undefined })
    t.equal(strip(after), strip(before), 'the same 360, byte for byte')
  })
})
