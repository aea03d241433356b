import type { EntityKind } from '../projections/entity-facts.ts'

/**
 * The resource services the read model follows: where each lives, which resource it projects,
 * and which hub events carry it. Every change of a resource emits its AttributeValueChangeEvent
 * (state changes included), so Create + AttributeValueChange + Delete cover every version.
 */
export interface SourceSpec {
  /** Source name, as in cx_source and the listener path. */
  name: EntityKind
  /** API name and version of the root, e.g. troubleTicket v5 → /tmf-api/troubleTicket/v5. */
  api: string
  version: string
  /** The collection path segment, which is also the event payload key. */
  collection: EntityKind
  /** The TMF class, prefix of the event names. */
  type: string
}

export const SOURCE_SPECS: readonly SourceSpec[] = [
  { name: 'customer', api: 'customerManagement', version: 'v5', collection: 'customer', type: 'Customer' },
  { name: 'productOrder', api: 'productOrderingManagement', version: 'v5', collection: 'productOrder', type: 'ProductOrder' },
  { name: 'troubleTicket', api: 'troubleTicket', version: 'v5', collection: 'troubleTicket', type: 'TroubleTicket' },
  { name: 'slaViolation', api: 'slaManagement', version: 'v4', collection: 'slaViolation', type: 'SlaViolation' },
  { name: 'surveyResponse', api: 'customerSatisfaction', version: 'v1', collection: 'surveyResponse', type: 'SurveyResponse' }
]

/** The API root path of a source, e.g. `/tmf-api/troubleTicket/v5`. */
export const rootOf = (s: SourceSpec): string => `/tmf-api/${s.api}/${s.version}`

/** The hub query cx subscribes with: the events that carry a version of the resource. */
export const subscriptionQuery = (s: SourceSpec): string =>
  `eventType=${s.type}CreateEvent,${s.type}AttributeValueChangeEvent,${s.type}DeleteEvent`

/** Whether an event type removes the resource. */
export const isDeleteEvent = (eventType: string): boolean => eventType.endsWith('DeleteEvent')
