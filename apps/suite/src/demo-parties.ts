/**
 * The cast of the demo story, shared by every service's seed: one CSP (the operator), three
 * value-network partners and six customers.
 */
export const DEMO_PARTNERS = [
  { id: 'fibreco', name: 'FibreCo Wholesale', role: 'wholesale access provider' },
  { id: 'streamplus', name: 'StreamPlus Media', role: 'content provider' },
  { id: 'fixit', name: 'FixIt Field Services', role: 'field-service company' }
] as const

export const DEMO_CUSTOMERS = [
  { id: 'cust-001', name: 'Ada Lovelace', segment: 'residential' },
  { id: 'cust-002', name: 'Grace Hopper', segment: 'residential' },
  { id: 'cust-003', name: 'Northwind Traders', segment: 'business' },
  { id: 'cust-004', name: 'Alan Turing', segment: 'residential' },
  { id: 'cust-005', name: 'Contoso Ltd', segment: 'business' },
  { id: 'cust-006', name: 'Katherine Johnson', segment: 'residential' }
] as const

export type DemoPartnerId = typeof DEMO_PARTNERS[number]['id']
export type DemoCustomerId = typeof DEMO_CUSTOMERS[number]['id']

export function customerParty (id: DemoCustomerId): Record<string, unknown> {
  const c = DEMO_CUSTOMERS.find((x) => x.id === id)
  const referredType = c?.segment === 'business' ? 'Organization' : 'Individual'
  return { '@type': 'RelatedPartyRefOrPartyRoleRef', role: 'customer', partyOrPartyRole: { '@type': 'PartyRef', id, name: c?.name, '@referredType': referredType } }
}

export function partnerParty (id: DemoPartnerId): Record<string, unknown> {
  const p = DEMO_PARTNERS.find((x) => x.id === id)
  return { '@type': 'RelatedPartyRefOrPartyRoleRef', role: 'partner', partyOrPartyRole: { '@type': 'PartyRoleRef', id, name: p?.name, '@referredType': 'BusinessPartner' } }
}
