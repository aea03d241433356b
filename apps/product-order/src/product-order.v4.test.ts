import t from 'tap'
import { MERGE_PATCH, storeKinds } from '@cx/test-kit'
import { as, itemStatesOf, ORDERS, startProductOrders, V4 } from './test-support.ts'

const v4Order = (extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  category: 'B2B',
  externalId: 'CRM-77',
  orderDate: '2001-01-01T00:00:00Z',
  relatedParty: [{ id: 'cust-009', role: 'customer', '@referredType': 'Organization' }, { id: 'fibreco', role: 'partner', '@referredType': 'BusinessPartner' }],
  channel: [{ id: 'call-centre', name: 'Call centre', role: 'order capture' }],
  productOrderItem: [
    { id: '1', action: 'add', quantity: 2, productOffering: { id: 'fibre-1g' }, productOrderItem: [{ id: '1.1', action: 'add', productOffering: { id: 'ont' } }] },
    { id: '2', action: 'delete', product: { id: 'prod-old-dsl' } }
  ],
  ...extra
})

for (const kind of storeKinds()) {
  t.test(`TMF622 v4 and v5 share one stored order, on ${kind}`, async (t) => {
    const app = await startProductOrders(t, kind)
    const op = as(app, 'operator')
    const created = await op({ method: 'POST', url: `${V4}/productOrder`, payload: v4Order() })
    const v4 = created.json()

    t.test('a v4 create (no @type, flat refs, externalId) is stored as v5 and read back in both shapes', async (t) => {
      t.equal(created.statusCode, 201)
      t.equal(v4.href, `${V4}/productOrder/${v4.id}`)
      t.equal(created.headers.location, v4.href)
      t.equal(v4.state, 'acknowledged')
      t.not(v4.orderDate, '2001-01-01T00:00:00.000Z', 'orderDate is the server\'s creation date')
      t.match(v4.orderDate, /Z$/)
      t.notOk('creationDate' in v4)
      t.equal(v4.externalId, 'CRM-77')
      t.same(v4.relatedParty[0], { role: 'customer', id: 'cust-009', '@referredType': 'Organization' })
      t.same(v4.channel, [{ role: 'order capture', id: 'call-centre', name: 'Call centre' }])
      t.same(itemStatesOf(v4), { 1: 'acknowledged', 1.1: 'acknowledged', 2: 'acknowledged' })

      const v5 = (await op({ method: 'GET', url: `${ORDERS}/${v4.id}` })).json()
      t.equal(v5['@type'], 'ProductOrder')
      t.equal(v5.creationDate, v4.orderDate)
      t.notOk('orderDate' in v5)
      t.same(v5.externalIdentifier, [{ '@type': 'ExternalIdentifier', id: 'CRM-77' }])
      t.same(v5.relatedParty[1].partyOrPartyRole, { '@type': 'PartyRoleRef', id: 'fibreco', '@referredType': 'BusinessPartner' })
      t.same(v5.channel, [{ '@type': 'RelatedChannel', role: 'order capture', channel: { '@type': 'ChannelRef', id: 'call-centre', name: 'Call centre' } }])
      t.equal(v5.productOrderItem[0]['@type'], 'ProductOrderItem')
      t.equal(v5.productOrderItem[0].productOrderItem[0]['@type'], 'ProductOrderItem', 'nested items get their @type too')
    })

    t.test('v4 filters on orderDate, externalId, flat party and channel ids; fields projects', async (t) => {
      for (const query of [`id=${v4.id}`, `orderDate=${encodeURIComponent(v4.orderDate)}`, 'externalId=CRM-77', 'relatedParty.id=cust-009', 'channel.id=call-centre', 'orderDate.gte=2020-01-01T00:00:00Z&externalId=CRM-77']) {
        const res = await op({ method: 'GET', url: `${V4}/productOrder?${query}` })
        t.same(res.json().map((o: { id: string }) => o.id), [v4.id], query)
      }
      t.same((await op({ method: 'GET', url: `${V4}/productOrder?externalId=CRM-00` })).json(), [])
      const projected = (await op({ method: 'GET', url: `${V4}/productOrder/${v4.id}?fields=orderDate,state` })).json()
      t.same(Object.keys(projected).sort(), ['orderDate', 'state'], 'a v4 root returns exactly the fields asked for')
    })

    t.test('a v4 PATCH on the v4 shape updates the v5 document, with the same lifecycle', async (t) => {
      const res = await op({ method: 'PATCH', url: v4.href, headers: MERGE_PATCH, payload: { externalId: 'CRM-78', state: 'inProgress' } })
      t.equal(res.statusCode, 200)
      t.equal(res.json().externalId, 'CRM-78')
      t.same(itemStatesOf(res.json()), { 1: 'inProgress', 1.1: 'inProgress', 2: 'inProgress' })
      const v5 = (await op({ method: 'GET', url: `${ORDERS}/${v4.id}` })).json()
      t.same(v5.externalIdentifier, [{ '@type': 'ExternalIdentifier', id: 'CRM-78' }])
      t.equal(v5.state, 'inProgress')
      const jp = await op({ method: 'PATCH', url: v4.href, headers: { 'content-type': 'application/json-patch+json' }, payload: [{ op: 'replace', path: '/productOrderItem/1/state', value: 'completed' }] })
      t.equal(jp.statusCode, 200)
      t.equal(jp.json().state, 'inProgress', 'derived from the items in v4 as well')
      const orderDate = await op({ method: 'PATCH', url: v4.href, headers: MERGE_PATCH, payload: { orderDate: '2020-01-01T00:00:00.000Z' } })
      t.equal(orderDate.statusCode, 400, 'orderDate is the creation date: not patchable')
    })

    t.test('v4 requires productOrderItem with id and action', async (t) => {
      for (const [what, payload] of [
        ['no items', v4Order({ productOrderItem: undefined })],
        ['item without action', v4Order({ productOrderItem: [{ id: '1', productOffering: { id: 'x' } }] })],
        ['item without id', v4Order({ productOrderItem: [{ action: 'add', productOffering: { id: 'x' } }] })]
      ] as const) {
        const res = await op({ method: 'POST', url: `${V4}/productOrder`, payload: JSON.parse(JSON.stringify(payload)) })
        t.equal(res.statusCode, 400, what)
        t.equal(res.json()['@type'], 'Error')
      }
    })
  })
}
