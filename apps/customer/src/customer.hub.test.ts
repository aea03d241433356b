import t from 'tap'
import { startListener, storeKinds } from '@cx/test-kit'
import { aCustomer, anEmail, as, MERGE, startCustomers, V4, V5 } from './test-support.ts'

interface Envelope { '@type': string, eventType: string, eventId: string, event: { customer: Record<string, unknown> } }

for (const kind of storeKinds()) {
  t.test(`TMF629 hub on ${kind}`, async (t) => {
    const app = await startCustomers(t, kind)
    const op = as(app, 'operator')

    t.test('subscribe, receive create, change, state change and delete events in order, unsubscribe', async (t) => {
      const listener = await startListener(t)
      const sub = await op({ method: 'POST', url: `${V5}/hub`, payload: { '@type': 'Hub', callback: listener.url } })
      t.equal(sub.statusCode, 201)
      const hub = sub.json()
      t.equal(sub.headers.location, `${V5}/hub/${hub.id}`)
      t.equal((await op({ method: 'GET', url: `${V5}/hub/${hub.id}` })).json().callback, listener.url)

      const { href } = (await op({ method: 'POST', url: `${V5}/customer`, payload: aCustomer() })).json()
      await op({ method: 'PATCH', url: href, headers: MERGE, payload: { status: 'Validated' } })
      await op({ method: 'PATCH', url: href, headers: MERGE, payload: { description: 'VIP' } })
      await op({ method: 'DELETE', url: href })
      const calls = await listener.waitFor(5)
      t.same(calls.map((c) => (c.body as Envelope).eventType), [
        'CustomerCreateEvent',
        'CustomerAttributeValueChangeEvent', 'CustomerStateChangeEvent',
        'CustomerAttributeValueChangeEvent',
        'CustomerDeleteEvent'
      ])
      const state = calls[2]?.body as Envelope
      t.equal(state['@type'], 'CustomerStateChangeEvent')
      t.equal(state.event.customer.status, 'Validated', 'the payload is event.customer')
      t.equal(calls[0]?.headers['x-event-id'], (calls[0]?.body as Envelope).eventId)

      t.equal((await op({ method: 'DELETE', url: `${V5}/hub/${hub.id}` })).statusCode, 204)
      t.equal((await op({ method: 'GET', url: `${V5}/hub/${hub.id}` })).statusCode, 404)
      await op({ method: 'POST', url: `${V5}/customer`, payload: aCustomer() })
      await new Promise((resolve) => setTimeout(resolve, 400))
      t.equal(listener.received.length, 5, 'nothing arrives after unsubscribing')
    })

    t.test('a query selects state changes to Active only', async (t) => {
      const listener = await startListener(t)
      await op({ method: 'POST', url: `${V5}/hub`, payload: { '@type': 'Hub', callback: listener.url, query: 'eventType=CustomerStateChangeEvent&event.customer.status=Active&fields=status,name' } })
      const { href } = (await op({ method: 'POST', url: `${V5}/customer`, payload: aCustomer({ name: 'Alan Turing' }) })).json()
      await op({ method: 'PATCH', url: href, headers: MERGE, payload: { status: 'Validated' } })
      await op({ method: 'PATCH', url: href, headers: MERGE, payload: { status: 'Active' } })
      const [call] = await listener.waitFor(1)
      await new Promise((resolve) => setTimeout(resolve, 300))
      t.equal(listener.received.length, 1)
      const customer = (call?.body as Envelope).event.customer
      t.same(Object.keys(customer).sort(), ['@type', 'href', 'id', 'name', 'status'])
      t.same([customer.name, customer.status], ['Alan Turing', 'Active'])
    })

    t.test('a v4 subscription receives v4-shaped customers', async (t) => {
      const listener = await startListener(t)
      t.equal((await op({ method: 'POST', url: `${V4}/hub`, payload: { callback: listener.url, query: 'eventType=CustomerCreateEvent' } })).statusCode, 201)
      await op({ method: 'POST', url: `${V5}/customer`, payload: aCustomer({ contactMedium: [anEmail('katherine@example.org')] }) })
      const [call] = await listener.waitFor(1)
      const body = call?.body as Envelope & { timeOcurred?: string }
      t.ok(body.timeOcurred, 'v4 spells timeOcurred')
      t.same(body.event.customer.contactMedium, [{ mediumType: 'email', preferred: true, characteristic: { contactType: 'personal', emailAddress: 'katherine@example.org' } }])
      t.same(body.event.customer.engagedParty, { id: 'party-001', '@referredType': 'Individual' })
      t.match(body.event.customer.href, /\/v4\/customer\//)
    })
  })
}
