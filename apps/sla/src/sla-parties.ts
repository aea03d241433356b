import type { Doc } from '@cx/engine'

/** Party roles of the TMF623 model (the 2013 spec also names SLAAuditor, SLABusinessBroker, EndUser…). */
export const SLA_ROLES = {
  provider: 'SLAProvider',
  consumer: 'SLAConsumer',
  customer: 'customer'
} as const

export function partiesInRole (doc: Doc, role: string): Doc[] {
  const related = Array.isArray(doc.relatedParty) ? doc.relatedParty as unknown[] : []
  return related.filter((rp): rp is Doc => rp !== null && typeof rp === 'object' && (rp as Doc).role === role)
}

export function partyIdOf (rp: Doc): string | undefined {
  const ref = rp.partyOrPartyRole as Doc | undefined
  return typeof ref?.id === 'string' ? ref.id : undefined
}
