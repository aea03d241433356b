import t from 'tap'
import { storeKinds } from '@cx/test-kit'
import { anItem, anOrder, as, ORDERS, startProductOrders, V4 } from './test-support.ts'

// TMF622 requires only an item's id and action (v4 ProductOrderItem, v5 ProductOrderItem_FVO); the
// suite's rule that an item names its offering or product is an opt-in (STRICT_CHECKS=order-item-target).
const minimalV4 = { productOrderItem: [{ id: '123', action: 'add' }], relatedParty: [{ id: '456-dd-df45', '@referredType': 'Individual' }] }

for (const kind of storeKinds()) {
  t.test(`a minimal TMF622 order on ${kind}`, async (t) => {
    const op = as(await startProductOrders(t, kind), 'operator')

    t.test('items with only id and action are accepted by default', async (t) => {
      const v4 = await op({ method: 'POST', url: `${V4}/productOrder`, payload: minimalV4 })
      t.equal(v4.statusCode, 201, v4.body)
      t.same(v4.json().productOrderItem.map((i: { id: string, action: string, state: string }) => [i.id, i.action, i.state]), [['123', 'add', 'acknowledged']])
      t.equal(v4.json().state, 'acknowledged')
      const v5 = await op({ method: 'POST', url: ORDERS, payload: anOrder({ productOrderItem: [{ '@type': 'ProductOrderItem', id: '1', action: 'modify' }] }) })
      t.equal(v5.statusCode, 201, 'a modify item without product.id too')
    })

    t.test('the stricter item rule is an opt-in', async (t) => {
      const strict = as(await startProductOrders(t, kind, { strictChecks: ['order-item-target'] }), 'operator')
      const v4 = await strict({ method: 'POST', url: `${V4}/productOrder`, payload: minimalV4 })
      t.equal(v4.statusCode, 400)
      t.equal(v4.json().code, 'ERR400-ITEM-ACTION')
      const modify = await strict({ method: 'POST', url: ORDERS, payload: anOrder({ productOrderItem: [anItem('1', { action: 'modify' })] }) })
      t.match(modify.json().message, /needs the product.id it acts on/)
      t.equal((await strict({ method: 'POST', url: ORDERS, payload: anOrder() })).statusCode, 201, 'complete items still pass')
    })

    t.test('an unknown check name fails at start-up', async (t) => {
      await t.rejects(startProductOrders(t, kind, { strictChecks: ['no-such-check'] }), /STRICT_CHECKS names unknown checks: no-such-check/)
    })
  })
}
