import t from 'tap'
import { buildTmfServer, type ApiDeclaration, type ResourceDeclaration } from '@cx/engine'
import { as, outboxEvents, startApp, storeKinds } from '@cx/test-kit'
import { productOrderApi } from './api.ts'
import { anOrder, CANCELS, moveItems, ORDERS } from './test-support.ts'

// The transactional outbox seen from outside: a write that fails after its document was stored,
// and after a hook moved another resource on, leaves neither document nor any event behind.
// The test app declares TMF622 with the cancellation's own afterCreate hook followed by a failure.
const failAfterCreate = (decl: ResourceDeclaration): ResourceDeclaration => ({
  ...decl,
  afterCreate: async (doc, ctx) => {
    await decl.afterCreate?.(doc, ctx)
    throw new Error('the side effect failed after the document was stored')
  }
})
const failingApi: ApiDeclaration = {
  ...productOrderApi,
  resources: productOrderApi.resources.map((r) => r.name === 'cancelProductOrder' ? failAfterCreate(r) : r)
}

for (const kind of storeKinds()) {
  t.test(`a create failing in its afterCreate hook leaves no document and no event (${kind})`, async (t) => {
    const app = await startApp(t, async (opts) => await buildTmfServer([failingApi], opts), kind)
    const op = as(app, 'operator')
    const order = (await op({ method: 'POST', url: ORDERS, payload: anOrder() })).json()
    await moveItems(op, order.href, { 1: 'pending' })
    await moveItems(op, order.href, { 1: 'inProgress' })
    const before = await outboxEvents(app)
    const stateBefore = (await op({ method: 'GET', url: order.href })).json()

    const res = await op({ method: 'POST', url: CANCELS, payload: { '@type': 'CancelProductOrder', productOrder: { id: order.id }, cancellationReason: 'moved house' } })
    t.equal(res.statusCode, 500)
    t.match(res.json(), { '@type': 'Error', code: 'ERR500', status: '500' })
    t.notMatch(res.body, /side effect failed/, 'the internal message stays internal')

    t.same((await op({ method: 'GET', url: CANCELS })).json(), [], 'no cancellation task is listed')
    const rows = await app.db.query<{ n: number }>('SELECT count(*)::int AS n FROM cancel_product_order')
    t.equal(rows.rows[0]?.n, 0, 'and none is stored')
    const after = (await op({ method: 'GET', url: order.href })).json()
    t.equal(after.state, 'inProgress', 'the hook\'s move of the order to assessingCancellation was rolled back')
    t.same(after, stateBefore, 'the order is exactly as it was')
    t.same(await outboxEvents(app), before, 'not one event was written: no CancelProductOrderCreateEvent, no ProductOrderStateChangeEvent')

    // The same app still writes when nothing fails: the refusal above was the rollback, not a broken app.
    const next = await op({ method: 'POST', url: ORDERS, payload: anOrder() })
    t.equal(next.statusCode, 201)
    t.same((await outboxEvents(app, { resourceId: next.json().id })).map((e) => e.eventType), ['ProductOrderCreateEvent'])
  })
}
