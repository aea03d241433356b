import t from 'tap'
import { storeKinds } from '@cx/test-kit'
import {
  as, C360, createCustomer, createOrder, createResponse, createSurvey, createTicket, createViolation, JOURNEY, patch,
  startCx, startSources, the360, urlOf
} from './test-support.ts'

type Body = Record<string, unknown>
const ids = (xs: unknown): string[] => (xs as Body[]).map((x) => String(x.id)).sort()

for (const kind of storeKinds()) {
  t.test(`Customer 360 over live hub events on ${kind}`, async (t) => {
    const sources = await startSources(t, kind)
    const cx = await startCx(t, kind, urlOf(sources))
    const src = as(sources, 'operator')
    const op = as(cx, 'operator')

    const customer = await createCustomer(src, 'Ada Lovelace', ['fibreco', 'fixit'])
    const order = await createOrder(as(sources, 'fibreco'), customer.id, 'fibreco')
    const ticket = await createTicket(as(sources, 'fixit'), customer.id, 'fixit', { name: 'Router in the wrong room' })
    for (const status of ['inProgress', 'resolved']) await patch(src, ticket.href, { status })
    const violation = await createViolation(src, customer.id, 'fibreco')
    const survey = await createSurvey(src)
    const response = await createResponse(src, survey.id, customer.id, 'fibreco', 3, 2)
    const other = await createCustomer(src, 'Grace Hopper', ['streamplus'])

    // The NPS 3 answer is a detractor's: cx's closed loop opens a complaint ticket for it
    // (attributed to fibreco, the response's partner), which the 360 then holds as well.
    const isComplaint = (x: Body): boolean => String(x.name).startsWith('Detractor call-back')
    const full = await the360(cx, 'operator', customer.id, (d) =>
      (d.surveyResponse as Body[]).length === 1 && (d.slaViolation as Body[]).length === 1 &&
      (d.troubleTicket as Body[]).find((x) => x.id === ticket.id)?.status === 'resolved' &&
      (d.troubleTicket as Body[]).some(isComplaint) && (d.productOrder as Body[]).length === 1)
    const complaint = (full.troubleTicket as Body[]).find(isComplaint) as Body

    t.test('the operator sees every record in the TMF717 shapes, as a documented subclass', async (t) => {
      t.equal(full.id, customer.id, 'the id is the TMF629 customer id')
      t.equal(full['@type'], 'CxCustomer360')
      t.equal(full['@baseType'], 'Customer360')
      t.equal(full['@schemaLocation'], '/tmf-api/customer360/v5/schema/CxCustomer360.json')
      const schema = await op({ method: 'GET', url: String(full['@schemaLocation']) })
      t.equal(schema.statusCode, 200, 'the schema it points at is served')
      t.equal(schema.json().$id, 'CxCustomer360')
      t.match(full.customer, { '@type': 'Customer360CustomerVO', id: customer.id, name: 'Ada Lovelace' })
      t.same(ids(full.productOrder), [order.id])
      t.match((full.productOrder as Body[])[0], { '@type': 'Customer360ProductOrderVO', state: 'acknowledged', href: order.href })
      t.equal((full.troubleTicket as Body[]).length, 2, 'her ticket and the complaint')
      t.match((full.troubleTicket as Body[]).find((x) => x.id === ticket.id), { '@type': 'Customer360TroubleTicketVO', id: ticket.id, status: 'resolved', name: 'Router in the wrong room' })
      t.same(ids(full.slaViolation), [violation.id])
      t.same(ids(full.surveyResponse), [response.id])
      t.match((full.partyInteraction as Body[])[0], { '@type': 'Customer360PartyInteractionVO', id: response.id, reason: 'satisfaction survey', status: 'completed' })
      const freshness = full.dataFreshness as Body[]
      t.same(freshness.map((f) => f.source).sort(), ['customer', 'productOrder', 'slaViolation', 'surveyResponse', 'troubleTicket'])
      t.ok(freshness.every((f) => f.status === 'live'), 'every source live')
      t.ok(freshness.filter((f) => f.source !== 'customer').every((f) => typeof f.lagSeconds === 'number' && typeof f.lastEventTime === 'string'), 'lag and last event time of the sources that sent events')
    })

    t.test('the experience is computed from the records and explained', async (t) => {
      const e = full.experience as Body
      t.equal(e.npsValue, 3)
      t.equal(e.npsCategory, 'detractor')
      t.equal(e.csatMean, 2)
      t.equal(e.openTickets, 1, 'the complaint; her own ticket is resolved')
      t.equal(e.reopenedTickets, 0)
      t.equal(e.slaBreaches, 1)
      t.equal(typeof e.mttrHours, 'number', 'the resolved ticket has a resolution time')
      t.equal(e.orderToActivationHours, null, 'no completed order')
      const inputs = e.inputs as Array<{ name: string, score: number | null, weight: number, contribution: number }>
      t.same(inputs.map((i) => i.name), ['npsValue', 'csatMean', 'openTickets', 'reopenedTickets', 'mttrHours', 'orderToActivationHours', 'slaBreaches'])
      t.equal(inputs.find((i) => i.name === 'npsValue')?.score, 30, 'NPS 3 scores 30')
      t.equal(inputs.find((i) => i.name === 'orderToActivationHours')?.weight, 0, 'a signal without data carries no weight')
      const sum = inputs.reduce((a, i) => a + i.contribution, 0)
      t.ok(Math.abs(sum - Number(e.experienceIndex)) <= 1, `the contributions add up to the index (${sum} vs ${String(e.experienceIndex)})`)
      t.equal(e.churnRisk, 'high', 'detractor (3) + CSAT ≤ 2 (2) + a breach (1)')
      t.ok((e.reasons as string[]).some((r) => r.includes('detractor')), 'a reason in plain words')
    })

    t.test('the journey: every interaction in time order, filterable, linked to its resource', async (t) => {
      const res = await op({ method: 'GET', url: `${JOURNEY}?customer.id=${customer.id}&limit=100` })
      t.equal(res.statusCode, 200)
      const events = res.json() as Array<{ date: string, kind: string, entity: Body, customer: Body, partner?: Body }>
      t.equal(res.headers['x-total-count'], String(events.length))
      const kinds = events.map((e) => e.kind)
      for (const k of ['customerRegistered', 'orderPlaced', 'ticketOpened', 'ticketStatusChanged', 'ticketResolved', 'slaBreached', 'surveyAnswered']) t.ok(kinds.includes(k), k)
      t.same(events.map((e) => e.date), [...events.map((e) => e.date)].sort(), 'oldest first')
      t.ok(events.every((e) => e.customer.id === customer.id))
      const resolved = events.find((e) => e.kind === 'ticketResolved')
      t.match(resolved?.entity, { id: ticket.id, href: ticket.href, '@referredType': 'TroubleTicket' })
      t.match(resolved?.partner, { id: 'fixit' })
      const onlyTickets = (await op({ method: 'GET', url: `${JOURNEY}?customer.id=${customer.id}&kind=ticketOpened,ticketResolved&partner.id=fixit` })).json() as Body[]
      t.same(onlyTickets.map((e) => e.kind), ['ticketOpened', 'ticketResolved'])
      const byPartner = (await op({ method: 'GET', url: `${JOURNEY}?customer.id=${customer.id}&partner.id=fibreco` })).json() as Body[]
      t.ok(byPartner.length > 0 && byPartner.every((e) => (e.partner as Body).id === 'fibreco'))
      const newest = (await op({ method: 'GET', url: `${JOURNEY}?customer.id=${customer.id}&sort=-date&limit=2&fields=kind` })).json() as Body[]
      t.equal(newest.length, 2)
      t.same(Object.keys(newest[0] ?? {}).sort(), ['@type', 'href', 'id', 'kind'])
      const since = (await op({ method: 'GET', url: `${JOURNEY}?customer.id=${customer.id}&date.gt=${encodeURIComponent(String(resolved?.date))}` })).json() as Body[]
      t.ok(since.every((e) => String(e.date) > String(resolved?.date)), 'date.gt compares dates')
      t.same((full.journey as Body[]).map((e) => e.id), [...events].reverse().slice(0, 20).map((e) => (e as Body).id), 'the 360 carries the latest 20, newest first')
      const one = await op({ method: 'GET', url: `${JOURNEY}/${encodeURIComponent(String((events[0] as Body).id))}` })
      t.equal(one.statusCode, 200)
    })

    t.test('partners see only their share, with an experience of that share', async (t) => {
      const fibreco = await the360(cx, 'fibreco', customer.id, (d) => (d.surveyResponse as Body[]).length === 1)
      t.same(ids(fibreco.productOrder), [order.id])
      t.same(ids(fibreco.troubleTicket), [complaint.id], 'the complaint about its own survey answer, not the ticket of another partner')
      t.same(ids(fibreco.slaViolation), [violation.id], 'its own violation (SLAProvider)')
      t.equal((fibreco.experience as Body).mttrHours, null, 'MTTR over its own tickets: none')
      t.notOk(((fibreco.customer as Body).relatedParty as Body[]).some((rp) => JSON.stringify(rp).includes('fixit')), 'rival partners are not named')
      t.ok((fibreco.journey as Body[]).every((e) => (e.partner as Body | undefined)?.id === 'fibreco'), 'journey about its own records only')

      const fixit = await the360(cx, 'fixit', customer.id)
      t.same(ids(fixit.troubleTicket), [ticket.id])
      // Ada's own record names fibreco first: fixit sees her registration without that rival.
      const named = (events: Body[]): unknown[] => [...new Set(events.map((e) => (e.partner as Body | undefined)?.id).filter((id) => id !== undefined))]
      t.same(named(fixit.journey as Body[]), ['fixit'], 'its 360 journey names no rival partner')
      const fixitList = (await as(cx, 'fixit')({ method: 'GET', url: `${JOURNEY}?customer.id=${customer.id}&limit=100` })).json() as Body[]
      t.ok(fixitList.some((e) => e.kind === 'customerRegistered'), 'the shared customer record is on its journey')
      t.same(named(fixitList), ['fixit'], 'the journey list names no rival partner')
      const registered = fixitList.find((e) => e.kind === 'customerRegistered') as Body
      t.notOk('partner' in (await as(cx, 'fixit')({ method: 'GET', url: `${JOURNEY}/${encodeURIComponent(String(registered.id))}` })).json(), 'nor does the event read by id')
      t.same(ids(fixit.productOrder), [])
      t.same(ids(fixit.surveyResponse), [])
      t.equal((fixit.experience as Body).npsValue, null, 'no survey of its own')
      t.equal((fixit.experience as Body).churnRisk, 'low')

      const outsider = await as(cx, 'streamplus')({ method: 'GET', url: `${C360}/${customer.id}` })
      t.equal(outsider.statusCode, 404, 'a partner that does not serve the customer')
      t.equal(outsider.json()['@type'], 'Error')
      await the360(cx, 'streamplus', other.id)
      const list = await as(cx, 'streamplus')({ method: 'GET', url: C360 })
      t.same(ids(list.json()), [other.id], 'a partner lists only the customers it serves')
      const journey = (await as(cx, 'streamplus')({ method: 'GET', url: `${JOURNEY}?customer.id=${customer.id}` })).json() as Body[]
      t.same(journey, [], 'nor their journeys')
      const opList = await op({ method: 'GET', url: `${C360}?sort=customer.name&fields=customer` })
      t.same((opList.json() as Body[]).map((d) => (d.customer as Body).name), ['Ada Lovelace', 'Grace Hopper'])
      t.equal(opList.headers['x-total-count'], '2')
    })

    t.test('TMF630 list features and a read-only resource', async (t) => {
      const high = await op({ method: 'GET', url: `${C360}?experience.churnRisk=high` })
      t.same(ids(high.json()), [customer.id])
      const paged = await op({ method: 'GET', url: `${C360}?limit=1&offset=1&sort=customer.name` })
      t.equal(paged.headers['x-result-count'], '1')
      t.equal(paged.headers['x-total-count'], '2')
      t.match(String(paged.headers.link), /rel="first"/)
      const projected = (await op({ method: 'GET', url: `${C360}/${customer.id}?fields=experience` })).json()
      t.same(Object.keys(projected).sort(), ['@type', 'experience', 'href', 'id'])
      for (const method of ['POST', 'PATCH', 'DELETE', 'PUT'] as const) {
        const res = await op({ method, url: method === 'POST' ? C360 : `${C360}/${customer.id}`, payload: {} })
        t.equal(res.statusCode, 405, `${method} is not allowed`)
        t.match(String(res.headers.allow), /GET/)
        t.equal(res.json()['@type'], 'Error')
      }
      t.equal((await op({ method: 'GET', url: `${C360}/no-such-customer` })).statusCode, 404)
      t.equal((await op({ method: 'GET', url: `${C360}?experience.experienceIndex.lt=abc` })).statusCode, 400, 'a bad number is a 400')
    })

    t.test('a change at the source reaches the 360 and the journey', async (t) => {
      await patch(src, ticket.href, { status: 'inProgress' })
      const after = await the360(cx, 'operator', customer.id, (d) => (d.experience as Body).reopenedTickets === 1)
      t.equal((after.experience as Body).openTickets, 2, 'the reopened ticket and the complaint')
      t.equal((after.journey as Body[])[0]?.kind, 'ticketReopened', 'the newest journey event')
      await patch(src, customer.href, { name: 'Ada King' })
      const renamed = await the360(cx, 'operator', customer.id, (d) => (d.customer as Body).name === 'Ada King')
      t.equal((renamed.customer as Body).name, 'Ada King', 'customer changes reach the 360')
    })
  })
}
