import t from 'tap'
import { aPartyRef, storeKinds } from '@cx/test-kit'
import { anItem, anOrder, as, itemStatesOf, mergePatch, ORDERS, startProductOrders } from './test-support.ts'

for (const kind of storeKinds()) {
  t.test(`TMF622 productOrder create, read, query, patch, delete, v5 and v4, on ${kind}`, async (t) => {
    const app = await startProductOrders(t, kind)
    const op = as(app, 'operator')

    t.test('POST acknowledges the order and every item, nested ones included', async (t) => {
      const res = await op({
        method: 'POST',
        url: ORDERS,
        payload: anOrder({
          id: 'client-id',
          priority: '1',
          requestedCompletionDate: '2030-01-15T10:00:00+01:00',
          channel: [{ '@type': 'RelatedChannel', role: 'order capture', channel: { '@type': 'ChannelRef', id: 'web-shop' } }],
          externalIdentifier: [{ '@type': 'ExternalIdentifier', id: 'CRM-1', owner: 'CRM' }],
          note: [{ '@type': 'Note', text: 'Call before the visit' }],
          orderTotalPrice: [{ '@type': 'OrderPrice', priceType: 'recurring', price: { taxIncludedAmount: { unit: 'EUR', value: 45 } } }],
          productOrderItem: [
            anItem('1', { productOrderItem: [anItem('1.1'), anItem('1.2', { productOrderItemRelationship: [{ '@type': 'OrderItemRelationship', id: '1.1', relationshipType: 'reliesOn' }] })] }),
            anItem('2', { action: 'modify', product: { '@type': 'ProductRef', id: 'prod-9' }, itemPrice: [{ '@type': 'OrderPrice', priceType: 'oneTime', price: { dutyFreeAmount: { unit: 'EUR', value: 10 } } }] })
          ]
        })
      })
      t.equal(res.statusCode, 201)
      const order = res.json()
      t.not(order.id, 'client-id', 'the server assigns the id')
      t.equal(order.href, `${ORDERS}/${order.id}`)
      t.equal(res.headers.location, order.href)
      t.equal(order.state, 'acknowledged')
      t.match(order.creationDate, /Z$/)
      t.equal(order.requestedCompletionDate, '2030-01-15T09:00:00.000Z', 'dates are normalised to UTC')
      t.same(itemStatesOf(order), { 1: 'acknowledged', 1.1: 'acknowledged', 1.2: 'acknowledged', 2: 'acknowledged' })
      t.notOk('completionDate' in order)
      const stored = await app.db.query<{ doc: { state: string, productOrderItem: unknown[] } }>('SELECT doc FROM product_order WHERE id = $1', [order.id])
      t.equal(stored.rows[0]?.doc.state, 'acknowledged', 'the order is in the database')
      t.equal(stored.rows[0]?.doc.productOrderItem.length, 2)
      t.same((await op({ method: 'GET', url: order.href })).json(), order)
    })

    t.test('v5 create rules: @type, productOrderItem with @type, id and action', async (t) => {
      const cases: Array<[string, Record<string, unknown>, string]> = [
        ['no @type', { '@type': undefined }, '@type'],
        ['no items', { productOrderItem: undefined }, 'productOrderItem'],
        ['empty items', { productOrderItem: [] }, 'productOrderItem'],
        ['item without id', { productOrderItem: [{ '@type': 'ProductOrderItem', action: 'add', productOffering: { id: 'o' } }] }, 'id'],
        ['item without action', { productOrderItem: [{ '@type': 'ProductOrderItem', id: '1', productOffering: { id: 'o' } }] }, 'action'],
        ['item without @type', { productOrderItem: [{ id: '1', action: 'add', productOffering: { id: 'o' } }] }, '@type'],
        ['unknown action', { productOrderItem: [anItem('1', { action: 'replace' })] }, 'action'],
        ['quantity 0', { productOrderItem: [anItem('1', { quantity: 0 })] }, 'quantity'],
        ['a bad date', { requestedStartDate: 'soon' }, 'requestedStartDate'],
        ['duplicate item ids', { productOrderItem: [anItem('1'), anItem('2', { productOrderItem: [anItem('1')] })] }, 'used twice'],
        ['relationship to no item', { productOrderItem: [anItem('1', { productOrderItemRelationship: [{ id: '9', relationshipType: 'reliesOn' }] })] }, 'productOrderItemRelationship 9'],
        // An item naming neither offering nor product is TMF622-valid: see product-order.minimal.test.ts.
        ['an item state', { productOrderItem: [anItem('1', { state: 'completed' })] }, 'omit its state'],
        ['a completionDate', { completionDate: '2030-01-01T00:00:00Z' }, 'completionDate'],
        ['an initial state other than draft or acknowledged', { requestedInitialState: 'inProgress' }, 'requestedInitialState'],
        ['a milestone on an unknown item', { productOrderMilestone: [{ '@type': 'ProductOrderMilestone', milestoneDate: '2030-01-01T00:00:00Z', status: 'Completed', productOrderItem: [{ itemId: '7' }] }] }, 'item 7']
      ]
      for (const [what, overrides, mentions] of cases) {
        const payload = anOrder(overrides)
        for (const [k, v] of Object.entries(overrides)) if (v === undefined) delete payload[k]
        const res = await op({ method: 'POST', url: ORDERS, payload })
        t.equal(res.statusCode, 400, what)
        t.equal(res.json()['@type'], 'Error')
        t.match(res.json().message, mentions, what)
      }
      t.equal((await op({ method: 'GET', url: `${ORDERS}?fields=none` })).headers['x-total-count'], '1', 'nothing refused was stored')
      const started = await op({ method: 'POST', url: ORDERS, payload: anOrder({ state: 'inProgress' }) })
      t.equal(started.json().state, 'acknowledged', 'an order cannot be born inProgress: the server owns the initial state')
    })

    t.test('a draft is changed freely, then submitted; its items get their state on submission', async (t) => {
      const res = await op({ method: 'POST', url: ORDERS, payload: anOrder({ requestedInitialState: 'draft' }) })
      t.equal(res.statusCode, 201)
      const draft = res.json()
      t.equal(draft.state, 'draft')
      t.equal(draft.requestedInitialState, 'draft')
      t.same(itemStatesOf(draft), { 1: undefined, 2: undefined })
      const edited = await mergePatch(op, draft.href, { productOrderItem: [anItem('1'), anItem('2'), anItem('3')], description: 'Three items now' })
      t.equal(edited.statusCode, 200)
      t.equal(edited.json().productOrderItem.length, 3)
      const stateInDraft = await mergePatch(op, draft.href, { productOrderItem: [anItem('1', { state: 'inProgress' })] })
      t.equal(stateInDraft.statusCode, 409)
      t.equal(stateInDraft.json().code, 'ERR409-DRAFT-ITEM-STATE')
      t.equal((await mergePatch(op, draft.href, { state: 'inProgress' })).statusCode, 409, 'a draft can only be submitted')
      const submitted = await mergePatch(op, draft.href, { state: 'acknowledged' })
      t.equal(submitted.statusCode, 200)
      t.equal(submitted.json().state, 'acknowledged')
      t.same(itemStatesOf(submitted.json()), { 1: 'acknowledged', 2: 'acknowledged', 3: 'acknowledged' })
      const added = await mergePatch(op, draft.href, { productOrderItem: [...submitted.json().productOrderItem, anItem('4')] })
      t.equal(added.statusCode, 409, 'items are fixed once the order is submitted')
      t.equal(added.json().code, 'ERR409-ITEMS-FIXED')
      const v4Draft = await op({ method: 'POST', url: ORDERS, payload: anOrder({ state: 'draft' }) })
      t.equal(v4Draft.json().state, 'draft', 'state: draft on create works too')
    })

    t.test('list: filter on state, party, item offering and dates; fields; sort', async (t) => {
      const created = (await op({ method: 'POST', url: ORDERS, payload: anOrder({ relatedParty: [aPartyRef('customer', 'cust-042')], productOrderItem: [anItem('1', { productOffering: { id: 'sports-hd' } })] }) })).json()
      const byCustomer = await op({ method: 'GET', url: `${ORDERS}?relatedParty.partyOrPartyRole.id=cust-042` })
      t.same(byCustomer.json().map((o: { id: string }) => o.id), [created.id])
      t.equal(byCustomer.headers['x-total-count'], '1')
      const byOffer = await op({ method: 'GET', url: `${ORDERS}?productOrderItem.productOffering.id=sports-hd&fields=state` })
      t.same(byOffer.json(), [{ id: created.id, href: created.href, '@type': 'ProductOrder', state: 'acknowledged' }])
      const drafts = await op({ method: 'GET', url: `${ORDERS}?state=draft,rejected` })
      t.ok(drafts.json().length >= 1)
      t.ok(drafts.json().every((o: { state: string }) => o.state === 'draft'))
      const recent = await op({ method: 'GET', url: `${ORDERS}?creationDate.gte=${encodeURIComponent(created.creationDate)}&sort=-creationDate` })
      t.equal(recent.json()[0].id, created.id)
    })

    t.test('PATCH: plain attributes change; server-managed ones are refused', async (t) => {
      const order = (await op({ method: 'POST', url: ORDERS, payload: anOrder() })).json()
      const res = await mergePatch(op, order.href, { priority: '0', expectedCompletionDate: '2030-02-01T00:00:00Z', note: [{ '@type': 'Note', text: 'VIP' }] })
      t.equal(res.statusCode, 200)
      t.equal(res.json().priority, '0')
      t.equal(res.json().expectedCompletionDate, '2030-02-01T00:00:00.000Z')
      for (const field of ['completionDate', 'cancellationDate', 'creationDate', 'requestedInitialState']) {
        const refused = await mergePatch(op, order.href, { [field]: field === 'requestedInitialState' ? 'draft' : '2030-01-01T00:00:00.000Z' })
        t.equal(refused.statusCode, 400, field)
        t.equal(refused.json().code, 'ERR400-NOT-PATCHABLE')
      }
      const badItem = await mergePatch(op, order.href, { productOrderItem: [{ ...order.productOrderItem[0], action: 'upgrade' }, order.productOrderItem[1]] })
      t.equal(badItem.statusCode, 400, 'items are validated on PATCH as well')
    })

    t.test('DELETE is for operators; GET of an unknown order is a TMF 404', async (t) => {
      const order = (await op({ method: 'POST', url: ORDERS, payload: anOrder() })).json()
      t.equal((await as(app, 'fibreco')({ method: 'DELETE', url: order.href })).statusCode, 403)
      t.equal((await op({ method: 'DELETE', url: order.href })).statusCode, 204)
      const gone = await op({ method: 'GET', url: order.href })
      t.equal(gone.statusCode, 404)
      t.equal(gone.json().message, `ProductOrder ${order.id} not found`)
    })

    t.test('partner scope: the fulfilling partner sees its orders, another partner does not', async (t) => {
      const fibreco = as(app, 'fibreco')
      const streamplus = as(app, 'streamplus')
      const mine = await streamplus({ method: 'POST', url: ORDERS, payload: anOrder({ relatedParty: [aPartyRef('customer', 'cust-004')] }) })
      t.equal(mine.statusCode, 201)
      const partner = mine.json().relatedParty.find((rp: { role: string }) => rp.role === 'partner')
      t.equal(partner.partyOrPartyRole.id, 'streamplus', 'the creating partner is the partner of the order')
      t.equal((await fibreco({ method: 'GET', url: mine.json().href })).statusCode, 404)
      t.equal((await mergePatch(fibreco, mine.json().href, { priority: '0' })).statusCode, 404)
      const fibrecoList = (await fibreco({ method: 'GET', url: ORDERS })).json()
      t.ok(fibrecoList.length > 0)
      t.ok(fibrecoList.every((o: { relatedParty: Array<{ partyOrPartyRole: { id: string } }> }) => o.relatedParty.some((rp) => rp.partyOrPartyRole.id === 'fibreco')))
      t.same((await streamplus({ method: 'GET', url: ORDERS })).json().map((o: { id: string }) => o.id), [mine.json().id])
    })
  })
}
