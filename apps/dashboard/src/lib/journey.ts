/** The journey timeline: kinds, labels, and the dashboard route of each event's record. */

/** Every journey kind cx derives (apps/cx README, "Journey"), in the order a journey usually runs. */
export const JOURNEY_KINDS = [
  'customerRegistered', 'customerStatusChanged',
  'orderPlaced', 'orderStateChanged', 'orderCompleted',
  'ticketOpened', 'ticketThreaded', 'ticketStatusChanged', 'ticketResolved', 'ticketReopened',
  'slaBreached', 'customerNotified', 'surveyInvited', 'surveyAnswered',
  'recoveryOpened', 'recoveryResolved', 'followUpAnswered'
] as const

/** `ticketReopened` → `Ticket reopened`, `slaBreached` → `SLA breached`. */
export function kindLabel (kind: string): string {
  const words = kind.replace(/([A-Z])/g, ' $1').trim().toLowerCase().replace(/\bsla\b/g, 'SLA')
  return words.charAt(0).toUpperCase() + words.slice(1)
}

/** The record types a journey event can point at, by the entity's `@referredType`. */
export const RECORD_TYPES = ['Customer', 'ProductOrder', 'TroubleTicket', 'SlaViolation', 'SurveyResponse'] as const
export type RecordType = typeof RECORD_TYPES[number]

export function isRecordType (t: string): t is RecordType {
  return (RECORD_TYPES as readonly string[]).includes(t)
}

/**
 * The dashboard route showing an event's record (ids only, never names: routes end up in
 * browser history and logs), or undefined for a record type the dashboard cannot show.
 */
export function recordRoute (customerId: string, entity: { id: string, '@referredType': string }): string | undefined {
  if (!isRecordType(entity['@referredType'])) return undefined
  return `/customers/${encodeURIComponent(customerId)}/records/${entity['@referredType']}/${encodeURIComponent(entity.id)}`
}

/** The partners named by the events (for the partner filter), by id, sorted by name. */
export function journeyPartners (events: ReadonlyArray<{ partner?: { id: string, name?: string } }>): Array<{ id: string, name: string }> {
  const byId = new Map<string, string>()
  for (const e of events) if (e.partner !== undefined) byId.set(e.partner.id, e.partner.name ?? e.partner.id)
  return [...byId].map(([id, name]) => ({ id, name })).sort((a, b) => a.name.localeCompare(b.name))
}
