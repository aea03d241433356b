/**
 * Builders for valid v5 request bodies. Tests state only what matters to them:
 * `aTroubleTicket({ severity: 'Critical' })`.
 */
type Body = Record<string, unknown>

export function aPartyRef (role: string, id: string, referredType = 'Individual'): Body {
  const partner = referredType === 'BusinessPartner' || referredType === 'Supplier'
  return { '@type': 'RelatedPartyRefOrPartyRoleRef', role, partyOrPartyRole: { '@type': partner ? 'PartyRoleRef' : 'PartyRef', id, '@referredType': referredType } }
}

export function aTroubleTicket (overrides: Body = {}): Body {
  return {
    '@type': 'TroubleTicket',
    description: 'Broadband down since 08:00',
    severity: 'Major',
    ticketType: 'Incident',
    relatedParty: [aPartyRef('customer', 'cust-001')],
    ...overrides
  }
}
