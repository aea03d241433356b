import { badRequest } from '@cx/errors'
import type { Doc } from '@cx/engine'

/** The item tree of an order: productOrderItem[], each possibly with nested productOrderItem[]. */

function childrenOf (value: unknown): Doc[] {
  return Array.isArray(value) ? value.filter((x): x is Doc => x !== null && typeof x === 'object') : []
}

/** Every item, nested ones included, parents before their children. */
export function allItems (order: Doc): Doc[] {
  const out: Doc[] = []
  const walk = (items: Doc[]): void => {
    for (const item of items) {
      out.push(item)
      walk(childrenOf(item.productOrderItem))
    }
  }
  walk(childrenOf(order.productOrderItem))
  return out
}

/** A copy of the item tree with `fn` applied to every item (it receives a copy it may change). */
export function mapItems (order: Doc, fn: (item: Doc) => Doc): Doc[] {
  const walk = (items: Doc[]): Doc[] => items.map((item) => {
    const copy = fn({ ...item })
    if (Array.isArray(item.productOrderItem)) copy.productOrderItem = walk(childrenOf(item.productOrderItem))
    return copy
  })
  return walk(childrenOf(order.productOrderItem))
}

/** item id → state (undefined while the order is a draft). */
export function itemStates (order: Doc): Map<string, string | undefined> {
  return new Map(allItems(order).map((i) => [String(i.id), typeof i.state === 'string' ? i.state : undefined]))
}

/** Ids of the items whose state differs between two versions of the same item set. */
export function changedItemIds (before: Map<string, string | undefined>, after: Map<string, string | undefined>): string[] {
  return [...after.entries()].filter(([id, state]) => before.get(id) !== state).map(([id]) => id)
}

/** Item references held by milestones, jeopardy alerts and error messages of this order. */
function itemRefsOf (order: Doc): Array<{ where: string, itemId: string }> {
  const refs: Array<{ where: string, itemId: string }> = []
  for (const where of ['productOrderMilestone', 'productOrderJeopardyAlert', 'productOrderErrorMessage']) {
    for (const entry of childrenOf(order[where])) {
      for (const ref of childrenOf(entry.productOrderItem)) {
        // A reference to an item of another order is not ours to check.
        if (ref.productOrderId !== undefined && ref.productOrderId !== order.id) continue
        refs.push({ where, itemId: String(ref.itemId) })
      }
    }
  }
  return refs
}

/**
 * The opt-in check (STRICT_CHECKS=order-item-target) that an `add` item names what to add and the
 * other actions name the product they act on. TMF622 v4 and v5 require only an item's `id` and
 * `action` (ProductOrderItem, ProductOrderItem_FVO; the v4 conformance profile's mandatory POST
 * attributes are productOrderItem, its id and action), so by default an item may name neither.
 */
export const STRICT_ITEM_TARGET = 'order-item-target'

function checkItemTarget (item: Doc): void {
  const product = item.product as Doc | undefined
  if (item.action === 'add' && item.productOffering === undefined && product === undefined) {
    throw badRequest(`productOrderItem ${String(item.id)}: action add needs a productOffering or a product`, 'ERR400-ITEM-ACTION')
  }
  if (item.action !== 'add' && typeof product?.id !== 'string') {
    throw badRequest(`productOrderItem ${String(item.id)}: action ${String(item.action)} needs the product.id it acts on`, 'ERR400-ITEM-ACTION')
  }
}

/**
 * Business consistency of the items (TMF622: an inconsistent order is not acknowledged): ids are
 * unique across the whole tree, relationships and item references point at items of this order.
 * With `strictTarget` (see STRICT_ITEM_TARGET) `add` must name what to add and the other actions
 * the existing product they act on.
 */
export function checkItems (order: Doc, strictTarget = false): void {
  const items = allItems(order)
  const ids = new Set<string>()
  for (const item of items) {
    const id = String(item.id)
    if (ids.has(id)) throw badRequest(`productOrderItem id ${id} is used twice: item ids must be unique within the order`, 'ERR400-ITEM-ID')
    ids.add(id)
  }
  for (const item of items) {
    if (strictTarget) checkItemTarget(item)
    for (const rel of childrenOf(item.productOrderItemRelationship)) {
      if (!ids.has(String(rel.id)) || rel.id === item.id) {
        throw badRequest(`productOrderItem ${String(item.id)}: productOrderItemRelationship ${String(rel.id)} is not another item of this order`, 'ERR400-ITEM-RELATIONSHIP')
      }
    }
  }
  for (const ref of itemRefsOf(order)) {
    if (!ids.has(ref.itemId)) throw badRequest(`${ref.where} refers to item ${ref.itemId}, which is not in this order`, 'ERR400-ITEM-REF')
  }
}
