import { customerParty, partnerParty, type DemoCustomerId, type DemoPartnerId } from '../demo-parties.ts'
import { onlyOne, storyKeyOf, storyKeyQuery } from './seed-refs.ts'
import type { Seed, SeedCall } from './seed-runner.ts'

const PO = '/tmf-api/productOrderingManagement/v5/productOrder'
const CANCEL = '/tmf-api/productOrderingManagement/v5/cancelProductOrder'
const DAY = 86_400_000

type Doc = Record<string, unknown>

interface DemoItem { id: string, offer: string, name: string, action?: 'add' | 'modify', product?: string, monthly?: number, items?: DemoItem[], reliesOn?: string }

/** A step of an order's life, done by the partner fulfilling it unless `by` says otherwise. */
type Step =
  | { items: Record<string, string> }
  | { submit: true }
  | { milestone: string, status: 'Completed' | 'Violated' | 'Yet-To-Reach' }
  | { jeopardy: string, message: string }
  | { cancel: string, decision: 'accept' | 'refuse', why?: string }
  | { state: string }

/** `key` is the story's name for the order: SLA breaches and surveys link to it. */
interface DemoOrder { key: string, customer: DemoCustomerId, partner: DemoPartnerId, category: 'B2C' | 'B2B', description: string, items: DemoItem[], draft?: boolean, dueInDays: number, steps: Step[] }

// The orders behind the trouble-ticket story: the same customers, fulfilled by the same partners.
const ORDERS: DemoOrder[] = [
  {
    key: 'order-ada-fibre',
    customer: 'cust-001',
    partner: 'fibreco',
    category: 'B2C',
    description: 'Fibre 1 Gbps broadband with a Wi-Fi 6 router',
    dueInDays: -40,
    items: [{ id: '1', offer: 'fibre-1g', name: 'Fibre 1 Gbps', monthly: 45 }, { id: '2', offer: 'wifi6-router', name: 'Wi-Fi 6 router', reliesOn: '1' }],
    steps: [{ items: { 1: 'inProgress', 2: 'inProgress' } }, { milestone: 'Line activated', status: 'Completed' }, { items: { 1: 'completed', 2: 'completed' } }]
  },
  {
    key: 'order-ada-router-install',
    customer: 'cust-001',
    partner: 'fixit',
    category: 'B2C',
    description: 'In-home installation of the Wi-Fi router',
    dueInDays: -38,
    items: [{ id: '1', offer: 'home-install', name: 'In-home installation visit' }],
    steps: [{ items: { 1: 'inProgress' } }, { items: { 1: 'completed' } }]
  },
  {
    // The broadband the speed upgrade below modifies; her installation survey is about it.
    key: 'order-grace-fibre-500',
    customer: 'cust-002',
    partner: 'fibreco',
    category: 'B2C',
    description: 'Fibre 500 Mbps broadband',
    dueInDays: -75,
    items: [{ id: '1', offer: 'fibre-500m', name: 'Fibre 500 Mbps', monthly: 35 }],
    steps: [{ items: { 1: 'inProgress' } }, { milestone: 'Line activated', status: 'Completed' }, { items: { 1: 'completed' } }]
  },
  {
    key: 'order-grace-speed-upgrade',
    customer: 'cust-002',
    partner: 'fibreco',
    category: 'B2C',
    description: 'Speed upgrade to 1 Gbps',
    dueInDays: 5,
    items: [{ id: '1', offer: 'fibre-1g', name: 'Fibre 1 Gbps', action: 'modify', product: 'prod-cust-002-broadband', monthly: 45 }],
    steps: [{ items: { 1: 'inProgress' } }, { items: { 1: 'held' } }]
  },
  {
    key: 'order-northwind-onsite-install',
    customer: 'cust-003',
    partner: 'fixit',
    category: 'B2B',
    description: 'On-site installation at the new office',
    dueInDays: -3,
    items: [{ id: '1', offer: 'onsite-install', name: 'On-site installation' }],
    steps: [{ items: { 1: 'pending' } }, { items: { 1: 'inProgress' } }, { jeopardy: 'Late', message: 'Technician missed the installation appointment' }]
  },
  {
    key: 'order-northwind-static-ip',
    customer: 'cust-003',
    partner: 'fibreco',
    category: 'B2B',
    description: 'Static IP address add-on',
    dueInDays: 10,
    items: [{ id: '1', offer: 'static-ip', name: 'Static IP address', monthly: 5 }],
    steps: [{ items: { 1: 'inProgress' } }, { cancel: 'The customer chose a VPN service instead', decision: 'accept' }]
  },
  {
    key: 'order-alan-sports-hd',
    customer: 'cust-004',
    partner: 'streamplus',
    category: 'B2C',
    description: 'Sports HD channel pack',
    dueInDays: -20,
    items: [{ id: '1', offer: 'sports-hd', name: 'Sports HD', monthly: 15 }],
    steps: [{ items: { 1: 'inProgress' } }, { items: { 1: 'completed' } }]
  },
  {
    // Contoso's branch office went live smoothly: the order its installation survey praises.
    key: 'order-contoso-branch-fibre',
    customer: 'cust-005',
    partner: 'fibreco',
    category: 'B2B',
    description: 'Business fibre 1 Gbps for the branch office',
    dueInDays: -30,
    items: [{ id: '1', offer: 'business-fibre-1g', name: 'Business fibre 1 Gbps', monthly: 250 }],
    steps: [{ items: { 1: 'inProgress' } }, { milestone: 'Line activated', status: 'Completed' }, { items: { 1: 'completed' } }]
  },
  {
    key: 'order-contoso-business-fibre',
    customer: 'cust-005',
    partner: 'fibreco',
    category: 'B2B',
    description: 'Business fibre 10 Gbps for the head office (SLA gold)',
    dueInDays: -2,
    items: [{
      id: '1',
      offer: 'business-fibre-10g',
      name: 'Business fibre 10 Gbps',
      monthly: 900,
      items: [{ id: '1.1', offer: 'access-line-10g', name: '10 Gbps access line' }, { id: '1.2', offer: 'managed-router', name: 'Managed router' }]
    }],
    steps: [
      { items: { 1: 'inProgress', 1.1: 'inProgress' } },
      { milestone: 'Civil works', status: 'Violated' },
      { jeopardy: 'Late', message: 'Civil works permit delayed by the city' }
    ]
  },
  {
    // FixIt readied Katherine's Wi-Fi ahead of the box: the visit she rated on the technician's tablet.
    key: 'order-katherine-wifi-setup',
    customer: 'cust-006',
    partner: 'fixit',
    category: 'B2C',
    description: 'In-home Wi-Fi set-up for the streaming box',
    dueInDays: -1,
    items: [{ id: '1', offer: 'home-install', name: 'In-home installation visit' }],
    steps: [{ items: { 1: 'inProgress' } }, { items: { 1: 'completed' } }]
  },
  {
    key: 'order-katherine-streaming-box',
    customer: 'cust-006',
    partner: 'streamplus',
    category: 'B2C',
    description: 'Streaming box with parental controls',
    dueInDays: 7,
    draft: true,
    items: [{ id: '1', offer: 'streaming-box', name: 'Streaming box' }, { id: '2', offer: 'parental-controls', name: 'Parental controls', reliesOn: '1' }],
    steps: [{ submit: true }]
  },
  {
    key: 'order-grace-tv-packs',
    customer: 'cust-002',
    partner: 'streamplus',
    category: 'B2C',
    description: 'Movies and Kids channel packs',
    dueInDays: -12,
    items: [{ id: '1', offer: 'movies-pack', name: 'Movies pack', monthly: 12 }, { id: '2', offer: 'kids-pack', name: 'Kids pack', monthly: 6 }],
    steps: [{ items: { 1: 'inProgress', 2: 'inProgress' } }, { items: { 1: 'completed', 2: 'failed' } }]
  },
  {
    key: 'order-alan-voice',
    customer: 'cust-004',
    partner: 'fibreco',
    category: 'B2C',
    description: 'Landline voice with number porting',
    dueInDays: -8,
    items: [{ id: '1', offer: 'voice-line', name: 'Landline voice', monthly: 8 }],
    steps: [
      { items: { 1: 'inProgress' } },
      { cancel: 'The customer wants to keep the old provider', decision: 'refuse', why: 'The number has already been ported' },
      { items: { 1: 'completed' } }
    ]
  },
  {
    key: 'order-contoso-site-survey',
    customer: 'cust-005',
    partner: 'fixit',
    category: 'B2B',
    description: 'Site survey at the warehouse',
    dueInDays: 3,
    items: [{ id: '1', offer: 'site-survey', name: 'Site survey' }],
    steps: [{ state: 'rejected' }]
  }
]

function itemBody (i: DemoItem): Doc {
  return {
    '@type': 'ProductOrderItem',
    id: i.id,
    action: i.action ?? 'add',
    quantity: 1,
    productOffering: { '@type': 'ProductOfferingRef', id: i.offer, name: i.name },
    ...(i.product === undefined ? {} : { product: { '@type': 'ProductRef', id: i.product } }),
    ...(i.monthly === undefined
      ? {}
      : { itemPrice: [{ '@type': 'OrderPrice', priceType: 'recurring', recurringChargePeriod: 'month', price: { '@type': 'Price', taxIncludedAmount: { unit: 'EUR', value: i.monthly } } }] }),
    ...(i.reliesOn === undefined ? {} : { productOrderItemRelationship: [{ '@type': 'OrderItemRelationship', id: i.reliesOn, relationshipType: 'reliesOn' }] }),
    ...(i.items === undefined ? {} : { productOrderItem: i.items.map(itemBody) })
  }
}

/** The item tree with some items moved: merge patch replaces the array whole. */
function withItemStates (items: unknown, states: Record<string, string>): unknown {
  if (!Array.isArray(items)) return items
  return (items as Doc[]).map((i) => ({
    ...i,
    ...(states[String(i.id)] === undefined ? {} : { state: states[String(i.id)] }),
    ...(i.productOrderItem === undefined ? {} : { productOrderItem: withItemStates(i.productOrderItem, states) })
  }))
}

async function play (call: SeedCall, o: DemoOrder, order: Doc, step: Step): Promise<Doc> {
  const href = String(order.href)
  const now = new Date().toISOString()
  if ('items' in step) return await call('PATCH', href, { productOrderItem: withItemStates(order.productOrderItem, step.items) }, o.partner)
  if ('submit' in step) return await call('PATCH', href, { state: 'acknowledged' }, 'operator')
  if ('state' in step) return await call('PATCH', href, { state: step.state }, 'operator')
  if ('milestone' in step) {
    const milestones = [...(order.productOrderMilestone as Doc[] | undefined ?? []), { '@type': 'ProductOrderMilestone', name: step.milestone, status: step.status, milestoneDate: now }]
    return await call('PATCH', href, { productOrderMilestone: milestones }, o.partner)
  }
  if ('jeopardy' in step) {
    const alerts = [...(order.productOrderJeopardyAlert as Doc[] | undefined ?? []), { '@type': 'ProductOrderJeopardyAlert', jeopardyType: step.jeopardy, message: step.message, alertDate: now }]
    return await call('PATCH', href, { productOrderJeopardyAlert: alerts }, o.partner)
  }
  // The CSP asks for the cancellation on the customer's behalf; the partner fulfilling the order decides.
  const task = await call('POST', CANCEL, { '@type': 'CancelProductOrder', productOrder: { id: order.id }, cancellationReason: step.cancel }, 'operator')
  if (step.decision === 'accept') {
    await call('PATCH', String(task.href), { state: 'inProgress' }, o.partner)
    await call('PATCH', String(task.href), { state: 'done' }, o.partner)
  } else {
    await call('PATCH', String(task.href), { state: 'terminatedWithError', stateChangeReason: step.why }, o.partner)
  }
  return order
}

/** The demo orders, each naming its customer (the TMF629 customer) and its fulfilling partner. */
export const productOrderSeed: Seed = {
  id: 'product-orders-001',
  finds: {
    // An order has no name: references to it carry its description.
    productOrder: async (list, key) => onlyOne('productOrder', key, (await list(`${PO}?${storyKeyQuery(key)}&fields=id,href,description`)).map((o) => ({ ...o, name: o.description })))
  },
  async run (call, refs) {
    for (const o of ORDERS) {
      // The CSP captures the customer's order and names the partner responsible for fulfilment.
      let order = await call('POST', PO, {
        '@type': 'ProductOrder',
        category: o.category,
        description: o.description,
        priority: o.category === 'B2B' ? '1' : '3',
        requestedCompletionDate: new Date(Date.now() + o.dueInDays * DAY).toISOString(),
        channel: [{ '@type': 'RelatedChannel', role: 'order capture', channel: { '@type': 'ChannelRef', id: o.category === 'B2B' ? 'account-manager' : 'web-shop' } }],
        externalIdentifier: [storyKeyOf(o.key)],
        relatedParty: [customerParty(await refs.resolve('customer', o.customer)), partnerParty(o.partner)],
        productOrderItem: o.items.map(itemBody),
        ...(o.draft === true ? { requestedInitialState: 'draft' } : {})
      }, 'operator')
      refs.remember('productOrder', o.key, { ...order, name: o.description })
      for (const step of o.steps) order = await play(call, o, order, step)
    }
  }
}
