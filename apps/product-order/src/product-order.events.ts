import { isDeepStrictEqual } from 'node:util'
import type { Doc } from '@cx/engine'

/** v5 arrays whose every change is an event of its own. */
const ARRAY_EVENTS = [
  ['productOrderMilestone', 'ProductOrderMilestoneEvent'],
  ['productOrderJeopardyAlert', 'ProductOrderJeopardyAlertEvent'],
  ['productOrderErrorMessage', 'ProductOrderErrorMessageEvent']
] as const

/** Every event productOrderExtraEvents may emit: the rest of the TMF622 v5 OAS ProductOrder events. */
export const PRODUCT_ORDER_EXTRA_EVENTS: readonly string[] = ['ProductOrderInformationRequiredEvent', ...ARRAY_EVENTS.map(([, event]) => event)]

/**
 * TMF622 events beyond Create, AttributeValueChange, StateChange and Delete: InformationRequired
 * when the order starts waiting for the customer (pending), and the v5 Milestone, JeopardyAlert
 * and ErrorMessage events when those arrays change (compared deeply, ignoring key order).
 */
export function productOrderExtraEvents (before: Doc | undefined, after: Doc): string[] {
  const events: string[] = []
  if (after.state === 'pending' && before?.state !== 'pending') events.push('ProductOrderInformationRequiredEvent')
  for (const [field, event] of ARRAY_EVENTS) {
    if (!isDeepStrictEqual(before?.[field] ?? [], after[field] ?? [])) events.push(event)
  }
  return events
}
