import t from 'tap'
import { outboxEvents, routeTo as routeBetween, storeKinds } from '@cx/test-kit'
import { ITEM_STATES, itemTransitions, type ItemState } from './product-order.states.ts'
import { anItem, anOrder, as, itemStatesOf, mergePatch, moveItems, ORDERS, outboxTypes, startProductOrders, type Caller } from './test-support.ts'

/** A shortest legal route of an item from acknowledged to a state, or undefined when none exists. */
const routeTo = (target: ItemState): ItemState[] | undefined => routeBetween(itemTransitions, 'acknowledged', target)

/** The cancellation states are the order's business, so no item reaches them. */
const REACHABLE = ITEM_STATES.filter((s) => routeTo(s) !== undefined)

interface Asserts { equal: (found: unknown, wanted: unknown, message: string) => unknown }
type Step = [Record<string, string>, string]

for (const kind of storeKinds()) {
  t.test(`TMF622 item lifecycle and derived order state on ${kind}`, async (t) => {
    const app = await startProductOrders(t, kind)
    const op = as(app, 'operator')
    const newOrder = async (items = [anItem('1'), anItem('2')]): Promise<{ id: string, href: string }> =>
      (await op({ method: 'POST', url: ORDERS, payload: anOrder({ productOrderItem: items }) })).json()
    const singleItemIn = async (state: ItemState): Promise<string> => {
      const { href } = await newOrder([anItem('1')])
      for (const step of routeTo(state) ?? []) {
        const res = await moveItems(op, href, { 1: step })
        if (res.statusCode !== 200) throw new Error(`setup ${step}: ${res.body}`)
      }
      return href
    }
    const play = async (t: Asserts, call: Caller, href: string, steps: Step[]): Promise<Record<string, unknown>> => {
      let last: Record<string, unknown> = {}
      for (const [moves, expected] of steps) {
        const res = await moveItems(call, href, moves)
        t.equal(res.statusCode, 200, `${JSON.stringify(moves)} accepted`)
        last = res.json()
        t.equal(last.state, expected, `${JSON.stringify(moves)} → order ${expected}`)
      }
      return last
    }

    t.test('every legal item move is accepted, and a lone item carries the order with it', async (t) => {
      for (const from of REACHABLE) {
        for (const to of itemTransitions[from]) {
          const href = await singleItemIn(from)
          const res = await moveItems(op, href, { 1: to })
          t.equal(res.statusCode, 200, `${from} → ${to}`)
          t.equal(res.json().state, to, `order follows to ${to}`)
        }
      }
    })

    t.test('every illegal item move is refused with 409 and changes nothing', async (t) => {
      for (const from of REACHABLE) {
        const href = await singleItemIn(from)
        for (const to of ITEM_STATES) {
          if (to === from || itemTransitions[from].includes(to)) continue
          const res = await moveItems(op, href, { 1: to })
          t.equal(res.statusCode, 409, `${from} ↛ ${to}`)
          t.equal(res.json().code, 'ERR409-ITEM-TRANSITION')
        }
        t.same(itemStatesOf((await op({ method: 'GET', url: href })).json()), { 1: from })
      }
      const unknown = await moveItems(op, await singleItemIn('inProgress'), { 1: 'finished' })
      t.equal(unknown.statusCode, 400, 'an unknown item state is a bad request')
    })

    t.test('the order state is derived from all its items', async (t) => {
      const scenarios: Array<[string, Step[]]> = [
        ['all completed', [[{ 1: 'inProgress' }, 'inProgress'], [{ 1: 'completed' }, 'inProgress'], [{ 2: 'inProgress' }, 'inProgress'], [{ 2: 'completed' }, 'completed']]],
        ['completed and failed', [[{ 1: 'inProgress', 2: 'inProgress' }, 'inProgress'], [{ 1: 'completed', 2: 'failed' }, 'partial']]],
        ['all failed', [[{ 1: 'inProgress', 2: 'inProgress' }, 'inProgress'], [{ 1: 'failed' }, 'inProgress'], [{ 2: 'failed' }, 'failed']]],
        ['pending before held, then cancelled', [[{ 1: 'pending' }, 'pending'], [{ 1: 'inProgress', 2: 'pending' }, 'inProgress'], [{ 1: 'held' }, 'pending'], [{ 2: 'cancelled' }, 'held'], [{ 1: 'cancelled' }, 'cancelled']]],
        ['rejected one by one', [[{ 1: 'rejected' }, 'acknowledged'], [{ 2: 'rejected' }, 'rejected']]],
        ['done work and waiting items', [[{ 1: 'inProgress' }, 'inProgress'], [{ 1: 'completed' }, 'inProgress'], [{ 2: 'rejected' }, 'partial']]]
      ]
      for (const [name, steps] of scenarios) {
        await t.test(name, async (t) => { await play(t, op, (await newOrder()).href, steps) })
      }
      const { href } = await newOrder([anItem('1', { productOrderItem: [anItem('1.1'), anItem('1.2')] })])
      const tree = (states: [string, string, string]): Record<string, unknown> => ({
        productOrderItem: [anItem('1', { state: states[0], productOrderItem: [anItem('1.1', { state: states[1] }), anItem('1.2', { state: states[2] })] })]
      })
      const first = await mergePatch(op, href, tree(['acknowledged', 'inProgress', 'acknowledged']))
      t.equal(first.json().state, 'inProgress', 'a nested item in progress puts the order in progress')
      const done = (await mergePatch(op, href, tree(['inProgress', 'completed', 'inProgress']))).json()
      t.same([done.state, itemStatesOf(done)], ['inProgress', { 1: 'inProgress', 1.1: 'completed', 1.2: 'inProgress' }], 'nested items have their own states')
      const illegal = await mergePatch(op, href, tree(['inProgress', 'completed', 'rejected']))
      t.equal(illegal.statusCode, 409, 'nested items follow the item diagram too')
    })

    t.test('completionDate is set when processing ends, not before', async (t) => {
      const { href } = await newOrder()
      const running = await moveItems(op, href, { 1: 'inProgress', 2: 'inProgress' })
      t.notOk('completionDate' in running.json())
      const done = (await moveItems(op, href, { 1: 'completed', 2: 'completed' })).json()
      t.equal(done.state, 'completed')
      t.match(done.completionDate, /Z$/)
      t.ok(done.completionDate >= done.creationDate)
    })

    t.test('a state sent with item moves must agree with them', async (t) => {
      const { href } = await newOrder()
      const disagree = await mergePatch(op, href, { state: 'pending', productOrderItem: [anItem('1', { state: 'inProgress' }), anItem('2')] })
      t.equal(disagree.statusCode, 409)
      t.equal(disagree.json().code, 'ERR409-DERIVED-STATE')
      const agree = await mergePatch(op, href, { state: 'inProgress', productOrderItem: [anItem('1', { state: 'inProgress' }), anItem('2')] })
      t.equal(agree.statusCode, 200)
      t.same(itemStatesOf(agree.json()), { 1: 'inProgress', 2: 'acknowledged' }, 'an item sent back without its state keeps it')
    })

    t.test('moving the order itself carries its open items along, and must agree with them', async (t) => {
      const { href } = await newOrder()
      const started = (await mergePatch(op, href, { state: 'inProgress' })).json()
      t.same(itemStatesOf(started), { 1: 'inProgress', 2: 'inProgress' })
      await moveItems(op, href, { 2: 'completed' })
      const held = (await mergePatch(op, href, { state: 'held' })).json()
      t.same([held.state, itemStatesOf(held)], ['held', { 1: 'held', 2: 'completed' }], 'completed items keep their outcome')
      t.equal((await mergePatch(op, href, { state: 'inProgress' })).json().productOrderItem[0].state, 'inProgress')
      await moveItems(op, href, { 1: 'pending' })
      const blocked = await mergePatch(op, href, { state: 'inProgress' })
      t.equal(blocked.statusCode, 200, 'pending → inProgress moves the pending item too')
      const complete = await mergePatch(op, href, { state: 'completed' })
      t.equal(complete.statusCode, 200)
      t.same([complete.json().state, itemStatesOf(complete.json())], ['completed', { 1: 'completed', 2: 'completed' }])

      const other = await newOrder()
      await moveItems(op, other.href, { 1: 'inProgress', 2: 'pending' })
      const disagree = await mergePatch(op, other.href, { state: 'completed' })
      t.equal(disagree.statusCode, 409, 'an order with a pending item cannot be completed')
      t.equal(disagree.json().code, 'ERR409-ITEMS-DISAGREE')
      t.equal((await mergePatch(op, other.href, { state: 'held' })).statusCode, 409, 'the pending item makes it pending, not held')
      const illegal = await mergePatch(op, (await newOrder()).href, { state: 'completed' })
      t.equal(illegal.statusCode, 409, 'the order diagram applies to direct moves')
      t.equal(illegal.json().code, 'ERR409-TRANSITION')
    })

    t.test('cancelled and rejected are decisions: every open item follows', async (t) => {
      const rejected = (await mergePatch(op, (await newOrder()).href, { state: 'rejected' })).json()
      t.same([rejected.state, itemStatesOf(rejected)], ['rejected', { 1: 'rejected', 2: 'rejected' }])
      const { href } = await newOrder()
      await mergePatch(op, href, { state: 'pending' })
      await moveItems(op, href, { 1: 'inProgress' })
      await moveItems(op, href, { 1: 'completed' })
      const res = await mergePatch(op, href, { state: 'cancelled', cancellationReason: 'customer unreachable' })
      t.equal(res.statusCode, 200)
      const cancelled = res.json()
      t.same([cancelled.state, itemStatesOf(cancelled)], ['cancelled', { 1: 'completed', 2: 'cancelled' }])
      t.match(cancelled.cancellationDate, /Z$/)
      t.equal(cancelled.cancellationReason, 'customer unreachable')
      const frozen = await moveItems(op, href, { 2: 'inProgress' })
      t.equal(frozen.statusCode, 409, 'the items of a final order do not move')
    })

    t.test('the cancellation states are reached only through a cancelProductOrder task', async (t) => {
      const { href } = await newOrder()
      await mergePatch(op, href, { state: 'inProgress' })
      const res = await mergePatch(op, href, { state: 'assessingCancellation' })
      t.equal(res.statusCode, 409)
      t.equal(res.json().code, 'ERR409-USE-CANCEL-TASK')
    })

    t.test('events: StateChange on derived moves, InformationRequired on pending, v5 array events', async (t) => {
      const { id, href } = await newOrder()
      await moveItems(op, href, { 1: 'pending' })
      await moveItems(op, href, { 1: 'inProgress' })
      await moveItems(op, href, { 2: 'inProgress' })
      const milestone = { '@type': 'ProductOrderMilestone', name: 'Line activated', status: 'Completed', milestoneDate: '2030-01-01T10:00:00+01:00', productOrderItem: [{ '@type': 'ProductOrderItemRef', itemId: '1' }] }
      await mergePatch(op, href, { productOrderMilestone: [milestone] })
      await mergePatch(op, href, { productOrderMilestone: [{ ...milestone, milestoneDate: '2030-01-01T09:00:00Z' }], priority: '1' })
      await mergePatch(op, href, { productOrderJeopardyAlert: [{ '@type': 'ProductOrderJeopardyAlert', jeopardyType: 'Late', alertDate: '2030-01-02T00:00:00Z', message: 'Permit delayed' }] })
      await mergePatch(op, href, { productOrderErrorMessage: [{ '@type': 'ProductOrderErrorMessage', code: 'E1', message: 'Port busy', productOrderItem: [{ itemId: '2' }] }] })
      await moveItems(op, href, { 1: 'completed', 2: 'completed' })
      t.same(await outboxTypes(app, id), [
        'ProductOrderCreateEvent',
        'ProductOrderAttributeValueChangeEvent', 'ProductOrderStateChangeEvent', 'ProductOrderInformationRequiredEvent',
        'ProductOrderAttributeValueChangeEvent', 'ProductOrderStateChangeEvent',
        'ProductOrderAttributeValueChangeEvent',
        'ProductOrderAttributeValueChangeEvent', 'ProductOrderMilestoneEvent',
        'ProductOrderAttributeValueChangeEvent',
        'ProductOrderAttributeValueChangeEvent', 'ProductOrderJeopardyAlertEvent',
        'ProductOrderAttributeValueChangeEvent', 'ProductOrderErrorMessageEvent',
        'ProductOrderAttributeValueChangeEvent', 'ProductOrderStateChangeEvent'
      ], 'the same milestone at the same instant written differently is no new milestone')
      const stateEvents = await outboxEvents(app, { resourceId: id, eventTypes: ['ProductOrderStateChangeEvent'] })
      t.same(stateEvents.map((e) => (e.payload.event as { productOrder: { state: string } }).productOrder.state), ['pending', 'inProgress', 'completed'])
    })
  })
}
