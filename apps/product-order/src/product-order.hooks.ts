import { badRequest, conflict } from '@cx/errors'
import type { Doc, WriteContext } from '@cx/engine'
import { isCancellationStep } from './cancellation-context.ts'
import { cascadeToItems, deriveOrderState, ORDER_DECISIONS } from './product-order.derivation.ts'
import { allItems, changedItemIds, checkItems, itemStates, mapItems, STRICT_ITEM_TARGET } from './product-order.items.ts'
import { CANCELLATION_STATES, COMPLETION_STATES, ITEM_STATES, itemTransitions, orderTransitions, type ItemState, type OrderState } from './product-order.states.ts'

/** Set by the server only: refused on create (PATCH refuses them through `nonPatchable`). */
const SERVER_SET = ['completionDate', 'cancellationDate']

/** A new order: consistent items, each starting in the order's state (none while a draft). */
export function onCreateOrder (doc: Doc, ctx: WriteContext): Doc {
  for (const key of SERVER_SET) if (doc[key] !== undefined) throw badRequest(`${key} is set by the server`, 'ERR400-VALIDATION')
  checkItems(doc, ctx.strict(STRICT_ITEM_TARGET))
  const itemState = doc.state === 'draft' ? undefined : 'acknowledged'
  for (const item of allItems(doc)) {
    if (item.state !== undefined && item.state !== itemState) {
      throw badRequest(`productOrderItem ${String(item.id)}: an item starts ${itemState ?? 'without a state (draft)'}; omit its state`, 'ERR400-ITEM-STATE')
    }
  }
  return { ...doc, productOrderItem: withItemState(doc, itemState) }
}

function withItemState (order: Doc, state: string | undefined): Doc[] {
  return mapItems(order, (item) => {
    if (state === undefined) delete item.state
    else item.state = state
    return item
  })
}

/**
 * A changed order. The engine has already checked a requested order transition against the
 * diagram; this keeps the order and its items consistent:
 * - a change of item states (each checked against the item diagram) derives the order state;
 * - a change of the order state carries its open items along, and must agree with them;
 * - the cancellation states are the cancelProductOrder task's;
 * - items are added or removed only while the order is a draft.
 */
export function onUpdateOrder (before: Doc, after: Doc, ctx: WriteContext): Doc {
  const from = before.state as OrderState
  const asked = after.state as OrderState
  if (from !== asked && (CANCELLATION_STATES.includes(from) || CANCELLATION_STATES.includes(asked)) && !isCancellationStep(ctx)) {
    throw conflict(`an order moves ${CANCELLATION_STATES.includes(asked) ? 'into' : 'out of'} ${CANCELLATION_STATES.includes(asked) ? asked : from} only through a cancelProductOrder task`, 'ERR409-USE-CANCEL-TASK')
  }
  let next: Doc = { ...after, productOrderItem: keepOmittedItemStates(before, after) }
  checkItems(next, ctx.strict(STRICT_ITEM_TARGET))
  if (from === 'draft') return updateDraft(next)

  const beforeStates = itemStates(before)
  const afterStates = itemStates(next)
  if (beforeStates.size !== afterStates.size || [...afterStates.keys()].some((id) => !beforeStates.has(id))) {
    throw conflict('items can be added or removed only while the order is a draft', 'ERR409-ITEMS-FIXED')
  }
  const changed = changedItemIds(beforeStates, afterStates)
  if (changed.length > 0) {
    checkItemMoves(from, changed, beforeStates, afterStates)
    const derived = deriveOrderState([...afterStates.values()])
    if (asked !== from && asked !== derived) {
      throw conflict(`the order state follows its items, which make it ${derived}, not ${asked}`, 'ERR409-DERIVED-STATE')
    }
    next.state = derived
  } else if (asked !== from) {
    // Steps of a cancellation leave the items alone, until an accepted one cancels the open ones.
    const ordinary = !CANCELLATION_STATES.includes(from) && !CANCELLATION_STATES.includes(asked)
    if (ordinary || asked === 'cancelled') next = { ...next, productOrderItem: cascadeToItems(next, asked) }
    const derived = deriveOrderState([...itemStates(next).values()])
    if (ordinary && !ORDER_DECISIONS.includes(asked) && derived !== asked) {
      throw conflict(`the items make this order ${derived}, not ${asked}: move the items that hold it back first`, 'ERR409-ITEMS-DISAGREE')
    }
  }
  return stampDates(from, next, ctx.now)
}

/** Merge patch replaces arrays whole: an item sent back without its state keeps the state it had. */
function keepOmittedItemStates (before: Doc, after: Doc): Doc[] {
  const previous = itemStates(before)
  return mapItems(after, (item) => {
    const had = previous.get(String(item.id))
    if (item.state === undefined && had !== undefined) item.state = had
    return item
  })
}

function updateDraft (next: Doc): Doc {
  if (allItems(next).some((i) => i.state !== undefined)) {
    throw conflict('the items of a draft have no state until the order is submitted (state acknowledged)', 'ERR409-DRAFT-ITEM-STATE')
  }
  // Submitting the draft: its items start their own lifecycle with it.
  if (next.state === 'acknowledged') return { ...next, productOrderItem: withItemState(next, 'acknowledged') }
  return next
}

function checkItemMoves (from: OrderState, changed: string[], before: Map<string, string | undefined>, after: Map<string, string | undefined>): void {
  if (orderTransitions[from].length === 0 || CANCELLATION_STATES.includes(from)) {
    throw conflict(`the items of a ${from} order cannot change state`, 'ERR409-ITEM-TRANSITION')
  }
  for (const id of changed) {
    const old = before.get(id) as ItemState
    const now = after.get(id)
    if (!ITEM_STATES.includes(now as ItemState)) {
      throw badRequest(`productOrderItem ${id}: state ${JSON.stringify(now)} is not a known state (${ITEM_STATES.join(', ')})`, 'ERR400-STATE')
    }
    const allowed = itemTransitions[old] ?? []
    if (!allowed.includes(now as ItemState)) {
      throw conflict(`productOrderItem ${id} cannot change from ${old} to ${String(now)}; allowed: ${allowed.length > 0 ? allowed.join(', ') : 'none (final state)'}`, 'ERR409-ITEM-TRANSITION')
    }
  }
}

/** completionDate when processing ends; cancellationDate when the order is cancelled. */
function stampDates (from: OrderState, next: Doc, now: string): Doc {
  const to = next.state as OrderState
  if (to === from) return next
  if (COMPLETION_STATES.includes(to)) next.completionDate = now
  if (to === 'cancelled') next.cancellationDate = now
  return next
}
