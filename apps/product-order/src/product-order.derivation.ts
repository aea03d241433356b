import type { Doc } from '@cx/engine'
import { mapItems } from './product-order.items.ts'
import { FINAL_ITEM_STATES, itemTransitions, type ItemState, type OrderState } from './product-order.states.ts'

const isFinal = (s: string | undefined): boolean => FINAL_ITEM_STATES.includes(s as ItemState)

/**
 * The order state its items make (every item counts, nested ones included).
 *
 * Every item final: all completed → completed; all cancelled → cancelled; all rejected →
 * rejected; some completed or partial → partial; otherwise (failed, cancelled, rejected mixed)
 * → failed.
 *
 * Some item still open: any inProgress → inProgress; else any pending → pending (the customer
 * must act); else any held → held; else the open ones are all acknowledged: inProgress when some
 * work is already done (an item completed, partial or failed), acknowledged otherwise.
 */
export function deriveOrderState (states: ReadonlyArray<string | undefined>): OrderState {
  const has = (s: ItemState): boolean => states.includes(s)
  const all = (s: ItemState): boolean => states.every((x) => x === s)
  if (states.every(isFinal)) {
    if (all('completed')) return 'completed'
    if (all('cancelled')) return 'cancelled'
    if (all('rejected')) return 'rejected'
    return has('completed') || has('partial') ? 'partial' : 'failed'
  }
  if (has('inProgress')) return 'inProgress'
  if (has('pending')) return 'pending'
  if (has('held')) return 'held'
  return has('completed') || has('partial') || has('failed') ? 'inProgress' : 'acknowledged'
}

/** Order-level decisions: every open item follows, whatever the items' own diagram says. */
export const ORDER_DECISIONS: readonly OrderState[] = ['cancelled', 'rejected']

/**
 * The items after the order itself was moved to `target`: an open item follows when its own
 * diagram allows the same move (inProgress → held, pending → inProgress…), or always for a
 * decision (cancelled, rejected). Final items keep their outcome.
 */
export function cascadeToItems (order: Doc, target: OrderState): Doc[] {
  const decision = ORDER_DECISIONS.includes(target)
  return mapItems(order, (item) => {
    const state = item.state as ItemState | undefined
    if (state === undefined || isFinal(state)) return item
    if (decision || itemTransitions[state].includes(target as ItemState)) item.state = target
    return item
  })
}
