import t from 'tap'
import { callAbout, callsBeforeMarker, deliveryCases, eventTypes, resourceIdOf, runnerOverrides, startListener } from '@cx/test-kit'
import { aCustomer, anEmail, as, MERGE, startCustomers, V4, V5 } from './test-support.ts'

interface Envelope { '@type': string, eventType: string, eventId: string, event: { customer: Record<string, unknown> } }

for (const { kind, runner } of deliveryCases()) {
  t.test(`TMF629 hub on ${kind}, delivered ${runner}`, async (t) => {
    const app = await startCustomers(t, kind, await runnerOverrides(runner))
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
      const expected = [
        'CustomerCreateEvent',
        'CustomerAttributeValueChangeEvent', 'CustomerStateChangeEvent',
        'CustomerAttributeValueChangeEvent',
        'CustomerDeleteEvent'
      ]
      const calls = [...await listener.waitFor(5)]
      t.same(eventTypes(calls), expected)
      const deleted = calls[4]?.body as Envelope
      t.equal(deleted.event.customer.id, calls[0] === undefined ? undefined : resourceIdOf(calls[0]), 'the delete event names the customer')
      t.equal(deleted.event.customer.description, 'VIP', 'and carries it as it was last stored')
      const state = calls[2]?.body as Envelope
      t.equal(state['@type'], 'CustomerStateChangeEvent')
      t.equal(state.event.customer.status, 'Validated', 'the payload is event.customer')
      t.equal(calls[0]?.headers['x-event-id'], (calls[0]?.body as Envelope).eventId)

      t.equal((await op({ method: 'DELETE', url: `${V5}/hub/${hub.id}` })).statusCode, 204)
      t.equal((await op({ method: 'GET', url: `${V5}/hub/${hub.id}` })).statusCode, 404)
      await op({ method: 'POST', url: `${V5}/customer`, payload: aCustomer() })
      // The marker travels on a second subscription of the same listener, selecting only itself.
      const after = await callsBeforeMarker(app.db, listener, async () => {
        const query = 'eventType=CustomerCreateEvent&event.customer.name=Marker'
        t.equal((await op({ method: 'POST', url: `${V5}/hub`, payload: { callback: `${listener.url}/marker`, query } })).statusCode, 201)
        const marker = (await op({ method: 'POST', url: `${V5}/customer`, payload: aCustomer({ name: 'Marker' }) })).json()
        return callAbout(marker.id, 'CustomerCreateEvent')
      })
      t.same(eventTypes(after), expected, 'nothing arrives after unsubscribing')
    })

    t.test('a query selects state changes to Active only', async (t) => {
      const listener = await startListener(t)
      await op({ method: 'POST', url: `${V5}/hub`, payload: { '@type': 'Hub', callback: listener.url, query: 'eventType=CustomerStateChangeEvent&event.customer.status=Active&fields=status,name' } })
      const { id, href } = (await op({ method: 'POST', url: `${V5}/customer`, payload: aCustomer({ name: 'Alan Turing' }) })).json()
      await op({ method: 'PATCH', url: href, headers: MERGE, payload: { status: 'Validated' } })
      await op({ method: 'PATCH', url: href, headers: MERGE, payload: { status: 'Active' } })
      await op({ method: 'PATCH', url: href, headers: MERGE, payload: { status: 'Suspended' } })
      // Another customer made Active: the marker.
      const calls = await callsBeforeMarker(app.db, listener, async () => {
        const marker = (await op({ method: 'POST', url: `${V5}/customer`, payload: aCustomer({ name: 'Marker' }) })).json()
        for (const status of ['Validated', 'Active']) await op({ method: 'PATCH', url: marker.href, headers: MERGE, payload: { status } })
        return callAbout(marker.id)
      })
      t.same(calls.map(resourceIdOf), [id], 'only the move to Active (not the create, Validated or Suspended)')
      const customer = (calls[0]?.body as Envelope).event.customer
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
