import type { Doc } from './declaration.ts'

export const PARTNER_ROLE = 'partner'

/** Party ids named in relatedParty (v5 nested shape): the basis of partner scope. */
export function relatedPartyIds (doc: Doc): string[] {
  const ids = new Set<string>()
  const related = doc.relatedParty
  if (Array.isArray(related)) {
    for (const rp of related as Doc[]) {
      const ref = rp?.partyOrPartyRole as Doc | undefined
      if (typeof ref?.id === 'string') ids.add(ref.id)
    }
  }
  return [...ids]
}

/** Makes sure the creating partner is a related party, so the resource is in its own scope. */
export function withPartner (doc: Doc, partnerId: string): Doc {
  if (relatedPartyIds(doc).includes(partnerId)) return doc
  const related = Array.isArray(doc.relatedParty) ? doc.relatedParty as unknown[] : []
  return {
    ...doc,
    relatedParty: [...related, {
      '@type': 'RelatedPartyRefOrPartyRoleRef',
      role: PARTNER_ROLE,
      partyOrPartyRole: { '@type': 'PartyRoleRef', id: partnerId, '@referredType': 'BusinessPartner' }
    }]
  }
}
