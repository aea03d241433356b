import { PARTNER_ROLE, type Doc } from '@cx/engine'

/** Party roles of the TMF623 model (the 2013 spec also names SLAAuditor, SLABusinessBroker, EndUser…). */
export const SLA_ROLES = {
  provider: 'SLAProvider',
  consumer: 'SLAConsumer',
  customer: 'customer'
} as const

/**
 * Roles of the partner entries on SLAs and violations: the provider held to the SLA and its
 * consumer (a reseller) both see it, so only the operator may name, change or remove them.
 */
export const SLA_PARTNER_ROLES: readonly string[] = [PARTNER_ROLE, SLA_ROLES.provider, SLA_ROLES.consumer]

export function partiesInRole (doc: Doc, role: string): Doc[] {
  const related = Array.isArray(doc.relatedParty) ? doc.relatedParty as unknown[] : []
  return related.filter((rp): rp is Doc => rp !== null && typeof rp === 'object' && (rp as Doc).role === role)
}

export function partyIdOf (rp: Doc): string | undefined {
  const ref = rp.partyOrPartyRole as Doc | undefined
  return typeof ref?.id === 'string' ? ref.id : undefined
}
