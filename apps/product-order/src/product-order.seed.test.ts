import t from 'tap'
import { outboxCounts, seedCaller, storeKinds } from '@cx/test-kit'
import { productOrderSeed } from '../../suite/src/seed/product-orders.seed.ts'
import { standInRefs } from '../../suite/src/seed/seed-refs.ts'
import { DemoClock } from '../../suite/src/seed/demo-clock.ts'
import { as, CANCELS, itemStatesOf, ORDERS, startProductOrders } from './test-support.ts'

interface Order { id: string, href: string, description: string, state: string, relatedParty: Array<{ role: string, partyOrPartyRole: { id: string, href?: string, '@referredType'?: string } }>, productOrderItem: unknown[], completionDate?: string }

for (const kind of storeKinds()) {
  t.test(`the demo seed tells the product-order story on ${kind}`, async (t) => {
    const app = await startProductOrders(t, kind)
    // The same contract as the suite's seed runner: the HTTP surface, as operator or partner.
    const call = seedCaller(app)
    // The customers stand in for the customer service's (id = the story's party id).
    const refs = standInRefs()
    await productOrderSeed.run(call, refs, new DemoClock())
    const op = as(app, 'operator')
    const orders = (await op({ method: 'GET', url: `${ORDERS}?limit=100` })).json() as Order[]
    const byDescription = (text: string): Order => {
      const found = orders.find((o) => o.description.startsWith(text))
      if (found === undefined) throw new Error(`no order ${text}`)
      return found
    }
    const partyOf = (o: Order, role: string): string | undefined => o.relatedParty.find((rp) => rp.role === role)?.partyOrPartyRole.id

    t.equal(orders.length, 14)
    t.ok(orders.every((o) => partyOf(o, 'customer')?.startsWith('cust-') === true && partyOf(o, 'partner') !== undefined), 'every order names its customer and its fulfilling partner')
    const customerRefs = orders.map((o) => o.relatedParty.find((rp) => rp.role === 'customer')?.partyOrPartyRole)
    t.ok(customerRefs.every((c) => c?.['@referredType'] === 'Customer' && c.href === `/tmf-api/customerManagement/v5/customer/${c.id}`), 'the customer is named as the TMF629 customer (id and href)')
    t.same(Object.fromEntries([
      'Fibre 1 Gbps', 'In-home installation', 'Fibre 500 Mbps', 'Speed upgrade', 'On-site installation', 'Static IP', 'Sports HD', 'Business fibre 1 Gbps', 'Business fibre 10 Gbps',
      'In-home Wi-Fi', 'Streaming box', 'Movies and Kids', 'Landline voice', 'Site survey'
    ].map((d) => [d, byDescription(d).state])), {
      'Fibre 1 Gbps': 'completed',
      'In-home installation': 'completed',
      'Fibre 500 Mbps': 'completed',
      'Speed upgrade': 'held',
      'On-site installation': 'inProgress',
      'Static IP': 'cancelled',
      'Sports HD': 'completed',
      'Business fibre 1 Gbps': 'completed',
      'Business fibre 10 Gbps': 'inProgress',
      'In-home Wi-Fi': 'completed',
      'Streaming box': 'acknowledged',
      'Movies and Kids': 'partial',
      'Landline voice': 'completed',
      'Site survey': 'rejected'
    })
    t.same([partyOf(byDescription('Business fibre 10 Gbps'), 'customer'), partyOf(byDescription('Business fibre 10 Gbps'), 'partner')], ['cust-005', 'fibreco'], 'the same cast as the trouble tickets')
    t.same(itemStatesOf(byDescription('Business fibre 10 Gbps') as unknown as Record<string, unknown>), { 1: 'inProgress', 1.1: 'inProgress', 1.2: 'acknowledged' })
    t.ok(byDescription('Movies and Kids').completionDate, 'a partial order is complete')

    const tasks = (await op({ method: 'GET', url: CANCELS })).json() as Array<{ state: string, productOrder: { id: string } }>
    t.same(tasks.map((x) => [x.state, orders.find((o) => o.id === x.productOrder.id)?.description.slice(0, 9)]).sort(), [['done', 'Static IP'], ['terminatedWithError', 'Landline ']])

    const fibrecoOrders = (await as(app, 'fibreco')({ method: 'GET', url: ORDERS })).json() as Order[]
    t.equal(fibrecoOrders.length, 7, 'fibreco sees the seven orders it fulfils')

    // Later seeds (SLA breaches, surveys) link to orders by their story key: remembered, or found through the API.
    const voice = byDescription('Landline voice')
    t.same(await refs.resolve('productOrder', 'order-alan-voice'), { id: voice.id, href: voice.href, name: voice.description })
    const list = async (url: string): Promise<Array<Record<string, unknown>>> => (await op({ method: 'GET', url })).json()
    t.same(await productOrderSeed.finds?.productOrder?.(list, 'order-alan-voice'), { id: voice.id, href: voice.href, name: voice.description })
    t.equal(await productOrderSeed.finds?.productOrder?.(list, 'order-nobody'), undefined)
    const counts = await outboxCounts(app)
    t.same([counts.ProductOrderInformationRequiredEvent, counts.ProductOrderJeopardyAlertEvent, counts.ProductOrderMilestoneEvent], [1, 2, 4], 'information required, jeopardy alerts, milestones')
  })
}
