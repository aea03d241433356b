import t from 'tap'
import { aPartyRef, callAbout, callsBeforeMarker, deliveryCases, eventOf, resourceIdOf, runnerOverrides, startListener, type Caller, type ReceivedCall } from '@cx/test-kit'
import { anOrder, as, CANCELS, mergePatch, moveItems, ORDERS, startProductOrders, V4, V5 } from './test-support.ts'

interface Envelope { eventType: string, event: Record<string, Record<string, unknown>>, timeOcurred?: string }

const TYPES = [
  'ProductOrderCreateEvent', 'ProductOrderStateChangeEvent', 'ProductOrderInformationRequiredEvent', 'ProductOrderMilestoneEvent',
  'ProductOrderJeopardyAlertEvent', 'ProductOrderDeleteEvent', 'CancelProductOrderCreateEvent', 'CancelProductOrderStateChangeEvent'
]

/** An order whose item 1 is in progress (so it may be cancelled), and a cancellation task refused with `reason`. */
async function refusedCancellation (op: Caller, reason: string, overrides: Record<string, unknown> = {}): Promise<{ order: { id: string, href: string }, task: { id: string, href: string } }> {
  const order = (await op({ method: 'POST', url: ORDERS, payload: anOrder(overrides) })).json()
  await moveItems(op, order.href, { 1: 'pending' })
  await moveItems(op, order.href, { 1: 'inProgress' })
  const task = (await op({ method: 'POST', url: CANCELS, payload: { '@type': 'CancelProductOrder', productOrder: { id: order.id } } })).json()
  await mergePatch(op, task.href, { state: 'terminatedWithError', stateChangeReason: reason })
  return { order, task }
}

for (const { kind, runner } of deliveryCases()) {
  t.test(`TMF622 hub on ${kind}, delivered ${runner}`, async (t) => {
    const app = await startProductOrders(t, kind, await runnerOverrides(runner))
    const op = as(app, 'operator')

    t.test('a listener receives the order and task events, scoped to the partner', async (t) => {
      const operatorListener = await startListener(t)
      const fibrecoListener = await startListener(t)
      const streamplusListener = await startListener(t)
      const sub = await op({ method: 'POST', url: `${V5}/hub`, payload: { '@type': 'Hub', callback: operatorListener.url, query: `eventType=${TYPES.join(',')}` } })
      t.equal(sub.statusCode, 201)
      t.equal(sub.headers.location, `${V5}/hub/${sub.json().id}`)
      t.equal((await op({ method: 'GET', url: `${V5}/hub/${sub.json().id}` })).statusCode, 200)
      const partnerSubs = [
        await as(app, 'fibreco')({ method: 'POST', url: `${V5}/hub`, payload: { '@type': 'Hub', callback: fibrecoListener.url, query: 'eventType=CancelProductOrderStateChangeEvent' } }),
        await as(app, 'streamplus')({ method: 'POST', url: `${V5}/hub`, payload: { '@type': 'Hub', callback: streamplusListener.url } })
      ]

      const order = (await op({ method: 'POST', url: ORDERS, payload: anOrder() })).json()
      await moveItems(op, order.href, { 1: 'pending' })
      await moveItems(op, order.href, { 1: 'inProgress' })
      await mergePatch(op, order.href, { productOrderMilestone: [{ '@type': 'ProductOrderMilestone', name: 'Survey done', status: 'Completed', milestoneDate: '2030-01-01T00:00:00Z' }] })
      await mergePatch(op, order.href, { productOrderJeopardyAlert: [{ '@type': 'ProductOrderJeopardyAlert', jeopardyType: 'Late', alertDate: '2030-01-02T00:00:00Z' }] })
      const task = (await op({ method: 'POST', url: CANCELS, payload: { '@type': 'CancelProductOrder', productOrder: { id: order.id } } })).json()
      await mergePatch(op, task.href, { state: 'terminatedWithError', stateChangeReason: 'too late' })
      t.equal((await op({ method: 'DELETE', url: order.href })).statusCode, 204)

      const calls = await operatorListener.waitFor(11)
      const bodies = calls.map((c) => c.body as Envelope)
      // Deliveries keep the order of each resource's events; two resources may interleave.
      const about = (name: string): Envelope[] => bodies.filter((b) => b.event[name] !== undefined)
      t.same(about('productOrder').map((b) => b.eventType), [
        'ProductOrderCreateEvent',
        'ProductOrderStateChangeEvent', 'ProductOrderInformationRequiredEvent',
        'ProductOrderStateChangeEvent',
        'ProductOrderMilestoneEvent',
        'ProductOrderJeopardyAlertEvent',
        'ProductOrderStateChangeEvent',
        'ProductOrderStateChangeEvent',
        'ProductOrderDeleteEvent'
      ])
      t.same(about('productOrder').filter((b) => b.eventType === 'ProductOrderStateChangeEvent').map((b) => b.event.productOrder?.state), ['pending', 'inProgress', 'assessingCancellation', 'inProgress'])
      t.equal(about('productOrder')[2]?.event.productOrder?.id, order.id, 'the payload is event.productOrder')
      t.match(about('productOrder')[8]?.event.productOrder, { id: order.id, state: 'inProgress' }, 'ProductOrderDeleteEvent carries the order as it was')
      t.same(about('cancelProductOrder').map((b) => [b.eventType, b.event.cancelProductOrder?.state]), [
        ['CancelProductOrderCreateEvent', 'acknowledged'], ['CancelProductOrderStateChangeEvent', 'terminatedWithError']
      ], 'the payload is event.cancelProductOrder')

      // Markers: a second refused cancellation (fibreco fulfils every order here), and an order of streamplus's.
      const heardByFibreco = await callsBeforeMarker(app.db, fibrecoListener, async () => callAbout((await refusedCancellation(op, 'marker')).task.id))
      t.same(heardByFibreco.map((c) => [resourceIdOf(c), (c.body as Envelope).event.cancelProductOrder?.stateChangeReason]), [[task.id, 'too late']],
        'the fulfilling partner hears about the decision, once, and of nothing else')
      const heardByStreamplus = await callsBeforeMarker(app.db, streamplusListener, async () => {
        const own = (await op({ method: 'POST', url: ORDERS, payload: anOrder({ relatedParty: [aPartyRef('customer', 'cust-004'), aPartyRef('partner', 'streamplus', 'BusinessPartner')] }) })).json()
        return callAbout(own.id, 'ProductOrderCreateEvent')
      })
      t.same(heardByStreamplus, [], 'another partner hears nothing of it')
      for (const id of [sub.json().id, ...partnerSubs.map((r) => r.json().id)]) t.equal((await op({ method: 'DELETE', url: `${V5}/hub/${id}` })).statusCode, 204)
    })

    t.test('a v4 subscription receives v4-shaped orders', async (t) => {
      const listener = await startListener(t)
      const sub = await op({ method: 'POST', url: `${V4}/hub`, payload: { callback: listener.url, query: 'eventType=ProductOrderCreateEvent' } })
      t.equal(sub.statusCode, 201)
      const created = (await op({ method: 'POST', url: ORDERS, payload: anOrder({ externalIdentifier: [{ '@type': 'ExternalIdentifier', id: 'E-1' }] }) })).json()
      const call = (await listener.waitFor(1)).find((c: ReceivedCall) => resourceIdOf(c) === created.id)
      const body = call?.body as Envelope
      t.ok(body.timeOcurred, 'v4 spells timeOcurred')
      const order = body.event.productOrder ?? {}
      t.equal(eventOf(call as ReceivedCall).eventType, 'ProductOrderCreateEvent')
      t.equal(order.externalId, 'E-1')
      t.ok(order.orderDate)
      t.notOk('creationDate' in order)
      t.match(order.href, /\/v4\/productOrder\//)
    })
  })
}
