/**
 * Events of the suite's other APIs after which customers may be invited to a survey. One list,
 * so a typo in a trigger is refused today rather than silently never firing once triggers are
 * acted on. Extend it when an API gains an event worth surveying about.
 */
export const TRIGGER_EVENT_TYPES = [
  // TMF621 trouble tickets
  'TroubleTicketCreateEvent',
  'TroubleTicketStatusChangeEvent',
  'TroubleTicketResolvedEvent',
  'TroubleTicketInformationRequiredEvent',
  'TroubleTicketAttributeValueChangeEvent',
  // TMF622 product orders
  'ProductOrderCreateEvent',
  'ProductOrderStateChangeEvent',
  'ProductOrderAttributeValueChangeEvent',
  'ProductOrderInformationRequiredEvent',
  'CancelProductOrderCreateEvent',
  'CancelProductOrderStateChangeEvent',
  // TMF629 customers
  'CustomerCreateEvent',
  'CustomerStateChangeEvent',
  'CustomerAttributeValueChangeEvent'
] as const
export type TriggerEventType = typeof TRIGGER_EVENT_TYPES[number]

const KNOWN: ReadonlySet<string> = new Set(TRIGGER_EVENT_TYPES)

export function isTriggerEventType (name: string): name is TriggerEventType {
  return KNOWN.has(name)
}

/** A year: a later invitation would ask about an experience nobody remembers. */
export const MAX_TRIGGER_DELAY_MINUTES = 525_600
