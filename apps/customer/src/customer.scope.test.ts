import t from 'tap'
import { aPartyRef, callAbout, callsBeforeMarker, resourceIdOf, startListener, storeKinds } from '@cx/test-kit'
import { aCustomer, anEngagedParty, as, MERGE, startCustomers, V4, V5 } from './test-support.ts'

interface Envelope { eventType: string, event: { customer: { id: string } } }

for (const kind of storeKinds()) {
  t.test(`partner scope on customers on ${kind}`, async (t) => {
    const app = await startCustomers(t, kind)
    const fibreco = as(app, 'fibreco')
    const fixit = as(app, 'fixit')
    const op = as(app, 'operator')

    const listenerFixit = await startListener(t)
    const listenerFibreco = await startListener(t)
    t.equal((await fixit({ method: 'POST', url: `${V5}/hub`, payload: { '@type': 'Hub', callback: listenerFixit.url } })).statusCode, 201)
    t.equal((await fibreco({ method: 'POST', url: `${V5}/hub`, payload: { '@type': 'Hub', callback: listenerFibreco.url } })).statusCode, 201)

    const created = await fibreco({ method: 'POST', url: `${V5}/customer`, payload: aCustomer({ engagedParty: anEngagedParty('cust-001') }) })
    t.equal(created.statusCode, 201)
    const customer = created.json()

    t.test('the creating partner is added as a related party with role partner', async (t) => {
      const partner = customer.relatedParty.find((rp: { role: string }) => rp.role === 'partner')
      t.same(partner.partyOrPartyRole, { '@type': 'PartyRoleRef', id: 'fibreco', '@referredType': 'BusinessPartner' })
      const stored = await app.db.query<{ parties: string[] }>('SELECT parties FROM customer WHERE id = $1', [customer.id])
      t.same(stored.rows[0]?.parties, ['fibreco'], 'the engaged party is the customer itself, not a party of the scope')
    })

    t.test('another partner cannot read, list, filter, patch or delete it', async (t) => {
      t.equal((await fixit({ method: 'GET', url: customer.href })).statusCode, 404)
      t.equal((await fixit({ method: 'GET', url: `${V4}/customer/${customer.id}` })).statusCode, 404)
      const list = await fixit({ method: 'GET', url: `${V5}/customer` })
      t.same(list.json(), [])
      t.equal(list.headers['x-total-count'], '0')
      t.same((await fixit({ method: 'GET', url: `${V5}/customer?engagedParty.id=cust-001` })).json(), [], 'a filter cannot reach outside the scope')
      t.equal((await fixit({ method: 'PATCH', url: customer.href, headers: MERGE, payload: { status: 'Validated' } })).statusCode, 404)
      t.equal((await fixit({ method: 'DELETE', url: customer.href })).statusCode, 403)
      t.equal((await op({ method: 'GET', url: customer.href })).json().status, 'Initialized')
    })

    t.test('a token for the engaged party\'s id does not open the customer: scope is about partners', async (t) => {
      t.equal((await as(app, 'cust-001')({ method: 'GET', url: customer.href })).statusCode, 404)
    })

    t.test('the partner sees and moves its own customers; the operator sees everyone', async (t) => {
      t.equal((await fibreco({ method: 'PATCH', url: customer.href, headers: MERGE, payload: { status: 'Validated' } })).statusCode, 200)
      const shared = await op({ method: 'POST', url: `${V5}/customer`, payload: aCustomer({ name: 'Shared', relatedParty: [aPartyRef('partner', 'fixit', 'BusinessPartner'), aPartyRef('partner', 'fibreco', 'BusinessPartner')] }) })
      t.equal(shared.statusCode, 201)
      t.same(shared.json().relatedParty.length, 2, 'the operator adds no party of its own')
      await op({ method: 'POST', url: `${V5}/customer`, payload: aCustomer({ name: 'Nobody\'s' }) })
      t.equal((await fibreco({ method: 'GET', url: `${V5}/customer` })).headers['x-total-count'], '2')
      t.same((await fixit({ method: 'GET', url: `${V5}/customer` })).json().map((c: { name: string }) => c.name), ['Shared'])
      t.equal((await op({ method: 'GET', url: `${V5}/customer` })).headers['x-total-count'], '3')
    })

    t.test('a partner may not drop itself from relatedParty', async (t) => {
      const res = await fibreco({ method: 'PATCH', url: customer.href, headers: MERGE, payload: { relatedParty: [aPartyRef('partner', 'fixit', 'BusinessPartner')] } })
      t.equal(res.statusCode, 403)
      t.equal((await op({ method: 'GET', url: customer.href })).json().relatedParty[0].partyOrPartyRole.id, 'fibreco')
    })

    t.test('a partner is notified only about its own customers', async (t) => {
      // fibreco: create + (change, state change) of its customer, then the shared one's create.
      t.ok((await listenerFibreco.waitFor(4)).some((c) => (c.body as Envelope).eventType === 'CustomerStateChangeEvent'))
      const heardByFixit = await callsBeforeMarker(app.db, listenerFixit, async () => {
        const own = (await fixit({ method: 'POST', url: `${V5}/customer`, payload: aCustomer({ name: 'Fixit\'s own' }) })).json()
        return callAbout(own.id, 'CustomerCreateEvent')
      })
      const about = heardByFixit.map(resourceIdOf)
      t.notOk(about.includes(customer.id), 'fixit hears nothing about fibreco\'s customer')
      const shared = (await fixit({ method: 'GET', url: `${V5}/customer?name=Shared` })).json()
      t.same(about, [shared[0]?.id], 'only the shared customer')
    })

    t.test('without a valid token the API answers 401', async (t) => {
      const res = await app.inject({ method: 'GET', url: `${V5}/customer` })
      t.equal(res.statusCode, 401)
      t.equal(res.json()['@type'], 'Error')
      t.equal((await app.inject({ method: 'POST', url: `${V4}/customer`, payload: { name: 'x' }, headers: { authorization: 'Bearer abc.def.ghi' } })).statusCode, 401)
    })
  })
}
