import t from 'tap'
import { callsBeforeMarker, eventOf, startListener, storeKinds } from '@cx/test-kit'
import { as, createCustomer, createOrder, createTicket, startCx, startSources, urlOf, until } from './test-support.ts'

type Body = Record<string, unknown>
const HUB = '/tmf-api/customer360/v5/hub'
const viewOf = (call: { body: unknown }): Body => ((call.body as Body).event as Body).customer360 as Body
const mentions = (call: { rawBody: string }, id: string): boolean => call.rawBody.includes(id)

// TMF717 events follow the 360's scope: each subscriber hears about its own view only.
for (const kind of storeKinds()) {
  t.test(`Customer360 hub on ${kind}: each viewer is notified of its own view`, async (t) => {
    const sources = await startSources(t, kind)
    const cx = await startCx(t, kind, urlOf(sources))
    const src = as(sources, 'operator')
    const listeners = { operator: await startListener(t), fibreco: await startListener(t), fixit: await startListener(t) }
    for (const [who, l] of Object.entries(listeners)) {
      const res = await as(cx, who)({ method: 'POST', url: HUB, payload: { '@type': 'Hub', callback: l.url, query: 'eventType=Customer360CreateEvent,Customer360AttributeValueChangeEvent' } })
      t.equal(res.statusCode, 201, `${who} subscribes`)
    }

    const customer = await createCustomer(src, 'Ada Lovelace', ['fibreco', 'fixit'])
    const order = await createOrder(as(sources, 'fibreco'), customer.id, 'fibreco')
    const withOrder = (l: typeof listeners.operator) => async () => l.received.find((c) => mentions(c, order.id))
    const op = await until('the operator hears of the order', withOrder(listeners.operator))
    t.equal(eventOf(op).eventType, 'Customer360AttributeValueChangeEvent')
    t.equal(viewOf(op).id, customer.id)
    const fib = await until('fibreco hears of its order', withOrder(listeners.fibreco))
    t.same((viewOf(fib).productOrder as Body[]).map((o) => o.id), [order.id])

    // fixit serves the customer too, but the order is not its business: prove nothing about it
    // reached fixit by waiting for a later event that must (its own ticket).
    const calls = await callsBeforeMarker(cx.db, listeners.fixit, async () => {
      const ticket = await createTicket(as(sources, 'fixit'), customer.id, 'fixit')
      return (c) => mentions(c, ticket.id)
    })
    t.ok(calls.length > 0, 'fixit was notified about its view of the customer')
    t.notOk(calls.some((c) => mentions(c, order.id)), 'never about the order of another partner')
    t.ok(calls.every((c) => viewOf(c).id === customer.id))
    const opTicket = await until('the operator hears of the ticket', async () => listeners.operator.received.find((c) => (viewOf(c).troubleTicket as Body[] | undefined)?.length === 1))
    t.same((viewOf(opTicket).productOrder as Body[]).map((o) => o.id), [order.id], 'the operator view has both')
    const fibrecoCalls = await callsBeforeMarker(cx.db, listeners.fibreco, async () => {
      const second = await createOrder(as(sources, 'fibreco'), customer.id, 'fibreco')
      return (c) => mentions(c, second.id)
    })
    t.notOk(fibrecoCalls.some((c) => (viewOf(c).troubleTicket as Body[]).length > 0), 'fibreco never hears of fixit\'s ticket')
  })
}
