import { canSee } from '@cx/auth'
import { conflict, notFound } from '@cx/errors'
import { relatedPartyIds, type Doc, type WriteContext } from '@cx/engine'
import { asCancellationStep } from './cancellation-context.ts'
import { CANCELLABLE_ORDER_STATES, type OrderState, type TaskState } from './product-order.states.ts'

/**
 * How a cancelProductOrder task moves its order, inside the task's own transaction:
 *
 * | task                                   | order                                      |
 * |----------------------------------------|--------------------------------------------|
 * | created (acknowledged)                 | inProgress/pending/held → assessingCancellation |
 * | PATCH state inProgress (accepted)      | → pendingCancellation                      |
 * | PATCH state done                       | → cancelled (open items cancelled, cancellationDate, cancellationReason) |
 * | PATCH state terminatedWithError (refused) | → back to orderStateBeforeCancellation  |
 *
 * An order in any other state (draft, acknowledged, a final state, or already under a
 * cancellation) cannot be cancelled: the create is refused with 409 and nothing is stored.
 */

const ORDER = 'productOrder'

function orderIdOf (task: Doc): string {
  return String((task.productOrder as Doc).id)
}

/** Checks the order can be cancelled and copies what the task needs from it. */
export async function onCreateCancellation (task: Doc, ctx: WriteContext): Promise<Doc> {
  const id = orderIdOf(task)
  const order = await ctx.resource(ORDER).get(ctx.tx, id)
  // A partner may only cancel an order it is a party to; others cannot learn that it exists.
  if (order === undefined || !canSee(ctx.principal, relatedPartyIds(order))) throw notFound(`ProductOrder ${id} not found`)
  const state = order.state as OrderState
  if (!CANCELLABLE_ORDER_STATES.includes(state)) {
    throw conflict(`ProductOrder ${id} is ${state}: only an order ${CANCELLABLE_ORDER_STATES.join(', ')} can be cancelled`, 'ERR409-NOT-CANCELLABLE')
  }
  return {
    ...task,
    productOrder: { '@type': 'ProductOrderRef', ...(task.productOrder as Doc), id, href: order.href, '@referredType': 'ProductOrder' },
    relatedParty: Array.isArray(order.relatedParty) ? order.relatedParty : [],
    orderStateBeforeCancellation: state
  }
}

export async function afterCreateCancellation (task: Doc, ctx: WriteContext): Promise<void> {
  await ctx.resource(ORDER).systemPatch(asCancellationStep(ctx), orderIdOf(task), { state: 'assessingCancellation' })
}

/** The operator's (or the fulfilling partner's) decision, applied to the order. */
export async function onUpdateCancellation (before: Doc, after: Doc, ctx: WriteContext): Promise<Doc> {
  const to = after.state as TaskState
  if (to === before.state) return after
  const id = orderIdOf(before)
  const orders = ctx.resource(ORDER)
  const order = await orders.get(ctx.tx, id)
  if (order === undefined) {
    // The order was deleted meanwhile: the task can only end in error.
    if (to === 'terminatedWithError') return after
    throw conflict(`ProductOrder ${id} no longer exists`, 'ERR409-ORDER-GONE')
  }
  const step = asCancellationStep(ctx)
  if (to === 'inProgress') {
    await orders.systemPatch(step, id, { state: 'pendingCancellation' })
    return after
  }
  if (to === 'done') {
    const reason = typeof after.cancellationReason === 'string' ? { cancellationReason: after.cancellationReason } : {}
    await orders.systemPatch(step, id, { state: 'cancelled', ...reason })
    return { ...after, effectiveCancellationDate: ctx.now }
  }
  // Refused: the order resumes where it was when the cancellation was asked for.
  await orders.systemPatch(step, id, { state: before.orderStateBeforeCancellation })
  return after
}
