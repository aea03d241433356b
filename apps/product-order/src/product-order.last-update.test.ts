import t from 'tap'
import { storeKinds } from '@cx/test-kit'
import { anOrder, as, mergePatch, ORDERS, startProductOrders } from './test-support.ts'

// lastUpdate is a CX Suite extension on TMF622 orders: the cx read model orders versions by it and
// back-fills with `lastUpdate.gt=` after a gap.
for (const kind of storeKinds()) {
  t.test(`productOrder lastUpdate on ${kind}: set on create, strictly increasing, filterable`, async (t) => {
    const app = await startProductOrders(t, kind)
    const op = as(app, 'operator')
    const created = (await op({ method: 'POST', url: ORDERS, payload: anOrder() })).json()
    t.equal(created.lastUpdate, created.creationDate, 'a new order was last updated when it was created')
    const stamps = [String(created.lastUpdate)]
    // Several changes in a burst, many within one millisecond: each still gets a later date.
    for (const description of ['a', 'b', 'c', 'd']) {
      const res = await mergePatch(op, `${ORDERS}/${String(created.id)}`, { description })
      t.equal(res.statusCode, 200)
      stamps.push(String(res.json().lastUpdate))
    }
    for (let i = 1; i < stamps.length; i++) t.ok(Date.parse(stamps[i] ?? '') > Date.parse(stamps[i - 1] ?? ''), `version ${i + 1} is later than version ${i}`)
    const since = await op({ method: 'GET', url: `${ORDERS}?lastUpdate.gt=${encodeURIComponent(stamps[2] ?? '')}&fields=description` })
    t.same(since.json().map((o: { description: string }) => o.description), ['d'], 'only the order changed since then, at its latest version')
    const notPatchable = await mergePatch(op, `${ORDERS}/${String(created.id)}`, { lastUpdate: '2020-01-01T00:00:00.000Z' })
    t.equal(notPatchable.statusCode, 400, 'the server owns lastUpdate')
    t.equal(notPatchable.json().code, 'ERR400-NOT-PATCHABLE')
  })
}

for (const kind of storeKinds()) {
  t.test(`productOrder stateChangeHistory on ${kind}: every state with its date, derived ones included`, async (t) => {
    const app = await startProductOrders(t, kind)
    const op = as(app, 'operator')
    const created = (await op({ method: 'POST', url: ORDERS, payload: anOrder() })).json()
    t.same(created.stateChangeHistory.map((h: { state: string }) => h.state), ['acknowledged'])
    const items = (created.productOrderItem as Array<Record<string, unknown>>).map((i) => ({ ...i, state: 'inProgress' }))
    const moved = (await mergePatch(op, `${ORDERS}/${String(created.id)}`, { productOrderItem: items })).json()
    t.equal(moved.state, 'inProgress', 'the order follows its items')
    t.same(moved.stateChangeHistory.map((h: { state: string }) => h.state), ['acknowledged', 'inProgress'], 'a derived state is recorded too')
    t.ok(moved.stateChangeHistory.every((h: { stateChangeDate: string }) => !Number.isNaN(Date.parse(h.stateChangeDate))))
    const refused = await mergePatch(op, `${ORDERS}/${String(created.id)}`, { stateChangeHistory: [] })
    t.equal(refused.statusCode, 400, 'the server owns the history')
  })
}
