import t from 'tap'
import { aPartyRef, outboxEvents, storeKinds } from '@cx/test-kit'
import { anOrder, as, CANCELS, itemStatesOf, mergePatch, moveItems, ORDERS, outboxTypes, startProductOrders, V4 } from './test-support.ts'

const cancelBody = (orderId: string, extra: Record<string, unknown> = {}): Record<string, unknown> =>
  ({ '@type': 'CancelProductOrder', productOrder: { id: orderId }, cancellationReason: 'The customer moved house', ...extra })

for (const kind of storeKinds()) {
  t.test(`TMF622 cancelProductOrder on ${kind}`, async (t) => {
    const app = await startProductOrders(t, kind)
    const op = as(app, 'operator')
    const fibreco = as(app, 'fibreco')
    const orderIn = async (setup: (href: string) => Promise<unknown>): Promise<{ id: string, href: string }> => {
      const order = (await op({ method: 'POST', url: ORDERS, payload: anOrder() })).json()
      await setup(order.href)
      return order
    }
    const stateOf = async (href: string): Promise<string> => (await op({ method: 'GET', url: href })).json().state

    t.test('accepted: the order goes assessingCancellation → pendingCancellation → cancelled', async (t) => {
      const order = await orderIn(async (href) => await moveItems(op, href, { 1: 'inProgress', 2: 'inProgress' }))
      await moveItems(op, order.href, { 1: 'completed' })
      const created = await op({ method: 'POST', url: CANCELS, payload: cancelBody(order.id, { requestedCancellationDate: '2030-01-01T12:00:00+02:00' }) })
      t.equal(created.statusCode, 201)
      const task = created.json()
      t.equal(created.headers.location, task.href)
      t.equal(task.state, 'acknowledged')
      t.same(task.productOrder, { '@type': 'ProductOrderRef', id: order.id, href: order.href, '@referredType': 'ProductOrder' })
      t.equal(task.orderStateBeforeCancellation, 'inProgress')
      t.equal(task.requestedCancellationDate, '2030-01-01T10:00:00.000Z')
      t.same(task.relatedParty.map((rp: { partyOrPartyRole: { id: string } }) => rp.partyOrPartyRole.id), ['cust-001', 'fibreco'], 'the task has the parties of its order')
      t.equal(await stateOf(order.href), 'assessingCancellation', 'the order moved in the same transaction')

      const frozen = await moveItems(op, order.href, { 2: 'completed' })
      t.equal(frozen.statusCode, 409, 'items stay put while the cancellation is assessed')
      t.equal((await mergePatch(op, order.href, { state: 'inProgress' })).json().code, 'ERR409-USE-CANCEL-TASK')
      t.equal((await mergePatch(op, order.href, { note: [{ '@type': 'Note', text: 'customer called' }] })).statusCode, 200, 'other attributes still change')

      const accepted = await mergePatch(fibreco, task.href, { state: 'inProgress' })
      t.equal(accepted.statusCode, 200, 'the partner fulfilling the order decides')
      t.equal(await stateOf(order.href), 'pendingCancellation')
      const done = await mergePatch(fibreco, task.href, { state: 'done' })
      t.equal(done.statusCode, 200)
      t.equal(done.json().state, 'done')
      t.match(done.json().effectiveCancellationDate, /Z$/)
      const cancelled = (await op({ method: 'GET', url: order.href })).json()
      t.equal(cancelled.state, 'cancelled')
      t.same(itemStatesOf(cancelled), { 1: 'completed', 2: 'cancelled' }, 'open items are cancelled, completed ones stay')
      t.equal(cancelled.cancellationReason, 'The customer moved house')
      t.equal(cancelled.cancellationDate, done.json().effectiveCancellationDate)

      // The TMF622 v5 OAS has no CancelProductOrderAttributeValueChangeEvent: the task only changes state.
      t.same(await outboxTypes(app, task.id), [
        'CancelProductOrderCreateEvent', 'CancelProductOrderStateChangeEvent', 'CancelProductOrderStateChangeEvent'
      ])
      const orderStates = await outboxEvents(app, { resourceId: order.id, eventTypes: ['ProductOrderStateChangeEvent'] })
      t.same(orderStates.map((e) => (e.payload.event as { productOrder: { state: string } }).productOrder.state), ['inProgress', 'assessingCancellation', 'pendingCancellation', 'cancelled'])
      t.equal((await mergePatch(op, task.href, { state: 'terminatedWithError' })).statusCode, 409, 'a done task is final')
    })

    t.test('refused: the order returns to the state it was in, and goes on from there', async (t) => {
      const order = await orderIn(async (href) => await moveItems(op, href, { 1: 'pending' }))
      t.equal(await stateOf(order.href), 'pending')
      const task = (await op({ method: 'POST', url: CANCELS, payload: cancelBody(order.id) })).json()
      t.equal(task.orderStateBeforeCancellation, 'pending')
      const refused = await mergePatch(op, task.href, { state: 'terminatedWithError', stateChangeReason: 'The line is already live' })
      t.equal(refused.statusCode, 200)
      t.same([refused.json().state, refused.json().stateChangeReason], ['terminatedWithError', 'The line is already live'])
      const back = (await op({ method: 'GET', url: order.href })).json()
      t.equal(back.state, 'pending')
      t.same(itemStatesOf(back), { 1: 'pending', 2: 'acknowledged' }, 'the items were left alone')
      t.notOk('cancellationDate' in back)
      t.equal((await moveItems(op, order.href, { 1: 'inProgress' })).json().state, 'inProgress')
      const again = await op({ method: 'POST', url: CANCELS, payload: cancelBody(order.id) })
      t.equal(again.statusCode, 201, 'a new request may follow a refused one')
      t.equal(again.json().orderStateBeforeCancellation, 'inProgress')
    })

    t.test('only an order inProgress, pending or held can be cancelled: otherwise 409 and nothing stored', async (t) => {
      const draft = (await op({ method: 'POST', url: ORDERS, payload: anOrder({ requestedInitialState: 'draft' }) })).json()
      const acknowledged = await orderIn(async () => {})
      const completed = await orderIn(async (href) => { await mergePatch(op, href, { state: 'inProgress' }); await mergePatch(op, href, { state: 'completed' }) })
      const assessing = await orderIn(async (href) => { await mergePatch(op, href, { state: 'inProgress' }); await op({ method: 'POST', url: CANCELS, payload: cancelBody(String(href).split('/').pop() as string) }) })
      const before = (await op({ method: 'GET', url: CANCELS })).json().length
      for (const [what, o, state] of [['draft', draft, 'draft'], ['acknowledged', acknowledged, 'acknowledged'], ['completed', completed, 'completed'], ['already assessed', assessing, 'assessingCancellation']] as const) {
        const res = await op({ method: 'POST', url: CANCELS, payload: cancelBody(o.id) })
        t.equal(res.statusCode, 409, what)
        t.equal(res.json().code, 'ERR409-NOT-CANCELLABLE')
        t.match(res.json().message, state)
        t.equal(await stateOf(o.href), state, `${what}: the order is unchanged`)
      }
      t.equal((await op({ method: 'GET', url: CANCELS })).json().length, before, 'no task was stored')
    })

    t.test('the task is validated, scoped and cannot skip steps or be deleted', async (t) => {
      const order = await orderIn(async (href) => await mergePatch(op, href, { state: 'inProgress' }))
      t.equal((await op({ method: 'POST', url: CANCELS, payload: { '@type': 'CancelProductOrder' } })).statusCode, 400, 'productOrder is required')
      t.equal((await op({ method: 'POST', url: CANCELS, payload: { productOrder: { id: order.id } } })).statusCode, 400, '@type is required in v5')
      t.equal((await op({ method: 'POST', url: CANCELS, payload: cancelBody('no-such-order') })).statusCode, 404)
      const stranger = as(app, 'streamplus')
      const hidden = await stranger({ method: 'POST', url: CANCELS, payload: cancelBody(order.id) })
      t.equal(hidden.statusCode, 404, 'a partner cannot cancel an order it is not a party to')
      const task = (await fibreco({ method: 'POST', url: CANCELS, payload: cancelBody(order.id) })).json()
      t.equal(task.state, 'acknowledged', 'the fulfilling partner may ask too')
      t.equal((await stranger({ method: 'GET', url: task.href })).statusCode, 404)
      t.same((await stranger({ method: 'GET', url: CANCELS })).json(), [])
      t.same((await fibreco({ method: 'GET', url: `${CANCELS}?productOrder.id=${order.id}` })).json().map((x: { id: string }) => x.id), [task.id])
      const skip = await mergePatch(op, task.href, { state: 'done' })
      t.equal(skip.statusCode, 409, 'acknowledged → done skips the decision')
      t.equal(skip.json().code, 'ERR409-TRANSITION')
      t.equal((await mergePatch(op, task.href, { productOrder: { id: 'other' } })).statusCode, 400, 'the order of a task is fixed')
      const del = await op({ method: 'DELETE', url: task.href })
      t.equal(del.statusCode, 405, 'no DELETE on a task: 405 Method Not Allowed')
      t.notMatch(del.headers.allow, /DELETE/, 'Allow lists what a task supports')
      t.equal(await stateOf(order.href), 'assessingCancellation')
    })

    t.test('v4: the same task in the v4 shape', async (t) => {
      const order = await orderIn(async (href) => await mergePatch(op, href, { state: 'inProgress' }))
      const res = await op({ method: 'POST', url: `${V4}/cancelProductOrder`, payload: { productOrder: { id: order.id }, cancellationReason: 'duplicate order' } })
      t.equal(res.statusCode, 201)
      const v4 = res.json()
      t.equal(v4.href, `${V4}/cancelProductOrder/${v4.id}`)
      t.equal(v4.productOrder.href, `${V4}/productOrder/${order.id}`)
      t.same(v4.relatedParty.map((rp: { id: string }) => rp.id), ['cust-001', 'fibreco'])
      t.equal(v4['@type'], 'CancelProductOrder')
      t.equal(await stateOf(order.href), 'assessingCancellation')
      const orderV4 = (await op({ method: 'GET', url: `${V4}/productOrder/${order.id}` })).json()
      t.equal(orderV4.state, 'assessingCancellation')
      const partnerOnly = await as(app, 'fixit')({ method: 'POST', url: ORDERS, payload: anOrder({ relatedParty: [aPartyRef('customer', 'cust-003')] }) })
      t.equal((await fibreco({ method: 'POST', url: `${V4}/cancelProductOrder`, payload: { productOrder: { id: partnerOnly.json().id } } })).statusCode, 404)
    })
  })
}
