import type { Doc } from '../projections/entity-facts.ts'

/** Where a message can go: SMS to a phone number, or e-mail to an address (TMF681 messageType). */
export type Medium = { messageType: 'SMS', phoneNumber: string } | { messageType: 'email', email: string }

const text = (x: unknown): string | undefined => typeof x === 'string' && x.trim() !== '' ? x.trim() : undefined

/** The medium one TMF629 contactMedium entry offers, if it is usable for a message (v5 or v4 shape). */
export function mediumOf (entry: Doc): Medium | undefined {
  const ch = (entry.characteristic ?? {}) as Doc
  const type = String(entry['@type'] ?? '')
  const kind = String(entry.mediumType ?? '').toLowerCase()
  const phone = text(entry.phoneNumber) ?? text(ch.phoneNumber)
  const email = text(entry.emailAddress) ?? text(ch.emailAddress)
  if ((type === 'EmailContactMedium' || kind === 'email') && email !== undefined) return { messageType: 'email', email }
  if ((type === 'PhoneContactMedium' || ['mobile', 'phone', 'sms', 'telephone'].includes(kind)) && phone !== undefined) return { messageType: 'SMS', phoneNumber: phone }
  return undefined
}

/**
 * The customer's medium for outage messages (issue 15 §2): the usable contactMedium marked
 * `preferred: true`, else the first usable one (an SMS-capable phone number or an e-mail address);
 * undefined when there is none (a postal address alone is not usable), in which case no message
 * is created and the customer is counted and listed instead.
 */
export function preferredMedium (customer: Doc): Medium | undefined {
  const entries = Array.isArray(customer.contactMedium) ? customer.contactMedium as Doc[] : []
  const usable = entries.filter((e) => e !== null && typeof e === 'object').map((e) => ({ e, m: mediumOf(e) })).filter((x) => x.m !== undefined)
  return (usable.find((x) => x.e.preferred === true) ?? usable[0])?.m
}
