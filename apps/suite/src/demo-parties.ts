import type { SeedRef } from './seed/seed-refs.ts'

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

/**
 * The party behind a demo customer (its TMF629 `engagedParty`): the individual or organization,
 * by the story's party id. Only the customer record names it; every other service names the
 * customer itself (see customerParty).
 */
export function customerEngagedParty (id: DemoCustomerId): Record<string, unknown> {
  const c = DEMO_CUSTOMERS.find((x) => x.id === id)
  const referredType = c?.segment === 'business' ? 'Organization' : 'Individual'
  return { '@type': 'PartyRef', id, name: c?.name, '@referredType': referredType }
}

/**
 * How a ticket, order, SLA violation or survey response names its customer: the TMF629 Customer
 * (a party role) by its server-assigned id and href, in the entry with role `customer` (`role`
 * overrides it, e.g. an SLA's EndUser). The cx read model links records to customers by this id.
 */
export function customerParty (customer: SeedRef, role = 'customer'): Record<string, unknown> {
  return {
    '@type': 'RelatedPartyRefOrPartyRoleRef',
    role,
    partyOrPartyRole: { '@type': 'PartyRoleRef', id: customer.id, href: customer.href, ...(customer.name === undefined ? {} : { name: customer.name }), '@referredType': 'Customer' }
  }
}

export function partnerParty (id: DemoPartnerId): Record<string, unknown> {
  const p = DEMO_PARTNERS.find((x) => x.id === id)
  return { '@type': 'RelatedPartyRefOrPartyRoleRef', role: 'partner', partyOrPartyRole: { '@type': 'PartyRoleRef', id, name: p?.name, '@referredType': 'BusinessPartner' } }
}
