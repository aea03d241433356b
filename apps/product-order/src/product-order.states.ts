/**
 * The TMF622 lifecycle diagrams (TMF.md §1.2) for the order, its items and the cancellation task.
 */

/** v5 ProductOrderStateType (without the odd literal `inProgress.accepted`, which no diagram reaches). */
export const ORDER_STATES = [
  'draft', 'acknowledged', 'rejected', 'pending', 'held', 'inProgress', 'cancelled', 'completed', 'failed', 'partial',
  'assessingCancellation', 'pendingCancellation'
] as const
export type OrderState = typeof ORDER_STATES[number]

/** States an order can be created in: v5 `requestedInitialState`. */
export const INITIAL_ORDER_STATES = ['acknowledged', 'draft'] as const

/**
 * Order diagram. A cancellation request (the cancelProductOrder task) is possible from
 * inProgress, pending and held; while it is assessed the order can go on to pendingCancellation
 * or back to where it was. Those moves belong to the task: see cancellation-context.ts.
 */
export const orderTransitions: Readonly<Record<OrderState, readonly OrderState[]>> = {
  draft: ['acknowledged'],
  acknowledged: ['inProgress', 'pending', 'rejected'],
  inProgress: ['pending', 'held', 'completed', 'failed', 'partial', 'assessingCancellation'],
  pending: ['inProgress', 'cancelled', 'assessingCancellation'],
  held: ['inProgress', 'cancelled', 'assessingCancellation'],
  assessingCancellation: ['pendingCancellation', 'inProgress', 'pending', 'held'],
  pendingCancellation: ['cancelled'],
  completed: [],
  failed: [],
  partial: [],
  cancelled: [],
  rejected: []
}

/** States an order may be in when a cancellation is requested. */
export const CANCELLABLE_ORDER_STATES: readonly OrderState[] = ['inProgress', 'pending', 'held']
/** States only the cancellation task may move an order into or out of. */
export const CANCELLATION_STATES: readonly OrderState[] = ['assessingCancellation', 'pendingCancellation']
/** Processing is over: completionDate is set on entry. */
export const COMPLETION_STATES: readonly OrderState[] = ['completed', 'partial', 'failed']

/** v5 ProductOrderItemStateType. */
export const ITEM_STATES = [
  'acknowledged', 'rejected', 'pending', 'held', 'inProgress', 'cancelled', 'completed', 'failed', 'partial',
  'assessingCancellation', 'pendingCancellation'
] as const
export type ItemState = typeof ITEM_STATES[number]

/**
 * Item diagram: the order's, without draft and without the cancellation states (cancellation is
 * decided for the whole order; an accepted one cancels every open item). `partial` is v5's
 * item-level outcome for an item whose nested items did not all succeed.
 */
export const itemTransitions: Readonly<Record<ItemState, readonly ItemState[]>> = {
  acknowledged: ['inProgress', 'pending', 'rejected'],
  inProgress: ['pending', 'held', 'completed', 'failed', 'partial'],
  pending: ['inProgress', 'cancelled'],
  held: ['inProgress', 'cancelled'],
  assessingCancellation: [],
  pendingCancellation: [],
  completed: [],
  failed: [],
  partial: [],
  cancelled: [],
  rejected: []
}

export const FINAL_ITEM_STATES: readonly ItemState[] = ['completed', 'failed', 'partial', 'cancelled', 'rejected']

/** v4 TaskStateType (v5 adds rejected and cancelled, which this flow does not reach). */
export const TASK_STATES = ['acknowledged', 'inProgress', 'done', 'terminatedWithError'] as const
export type TaskState = typeof TASK_STATES[number]

/**
 * The cancellation task: acknowledged (the order is being assessed) → inProgress (accepted, the
 * order is pendingCancellation) → done (the order is cancelled); or acknowledged →
 * terminatedWithError (refused, the order is back in its previous state).
 */
export const taskTransitions: Readonly<Record<TaskState, readonly TaskState[]>> = {
  acknowledged: ['inProgress', 'terminatedWithError'],
  inProgress: ['done'],
  done: [],
  terminatedWithError: []
}
