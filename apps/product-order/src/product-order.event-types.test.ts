import t from 'tap'
import { storeKinds } from '@cx/test-kit'
import { as, startProductOrders, V4, V5 } from './test-support.ts'

// Issue 8 §3: the event types are those of the TMF622 v5.0.0 OAS, and a subscription names only those.
for (const kind of storeKinds()) {
  t.test(`TMF622 event types on ${kind}`, async (t) => {
    const app = await startProductOrders(t, kind)
    const op = as(app, 'operator')
    const subscribe = async (root: string, eventType: string): Promise<number> =>
      (await op({ method: 'POST', url: `${root}/hub`, payload: { callback: 'http://127.0.0.1:9/listener', query: `eventType=${eventType}` } })).statusCode

    for (const root of [V5, V4]) {
      for (const eventType of ['ProductOrderCreateEvent', 'ProductOrderAttributeValueChangeEvent', 'ProductOrderStateChangeEvent', 'ProductOrderDeleteEvent',
        'ProductOrderInformationRequiredEvent', 'ProductOrderMilestoneEvent', 'ProductOrderJeopardyAlertEvent', 'ProductOrderErrorMessageEvent',
        'CancelProductOrderCreateEvent', 'CancelProductOrderStateChangeEvent']) {
        t.equal(await subscribe(root, eventType), 201, `${root}: ${eventType}`)
      }
      // Not in the v5 OAS: a cancellation only changes state, and is never deleted.
      for (const eventType of ['CancelProductOrderAttributeValueChangeEvent', 'CancelProductOrderDeleteEvent']) {
        t.equal(await subscribe(root, eventType), 400, `${root}: ${eventType} does not exist`)
      }
    }
  })
}
