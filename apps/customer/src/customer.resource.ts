import { changeTracking, type ResourceDeclaration } from '@cx/engine'
import { Customer, CustomerFvo, CustomerMvo, customerComponents } from './customer.schemas.ts'
import { customerV4 } from './customer.v4.ts'

/**
 * TMF629 defines no state machine (status is free text), so CX Suite declares one:
 *
 *   Initialized → Validated → Active ⇄ Suspended
 *        └────────────┴──────────┴─────────┴──→ Inactive (final)
 *
 * - Initialized: the customer is known (a prospect, or signed up but not yet checked).
 * - Validated: identity and credit checks passed; nothing is active yet.
 * - Active: at least one product is live; Suspended: service barred (e.g. unpaid bills).
 * - Inactive ends the relationship from any state: a prospect who fails validation or walks
 *   away, or a customer who leaves. It is final so that the history, KPIs and partner
 *   scorecards of that relationship stay as they were; a returning customer is a new Customer
 *   that goes through validation again. `statusReason` says why.
 */
export const customerTransitions = {
  Initialized: ['Validated', 'Inactive'],
  Validated: ['Active', 'Inactive'],
  Active: ['Suspended', 'Inactive'],
  Suspended: ['Active', 'Inactive'],
  Inactive: []
} as const

export const customerResource: ResourceDeclaration = {
  name: 'customer',
  type: 'Customer',
  table: 'customer',
  schemas: { resource: Customer, create: CustomerFvo, patch: CustomerMvo },
  components: customerComponents,
  timestamps: { created: 'creationDate', updated: 'lastUpdate' },
  lifecycle: {
    field: 'status',
    initial: 'Initialized',
    transitions: customerTransitions,
    history: changeTracking('status', 'CustomerStatusChange').history,
    reasonField: 'statusReason',
    changeEvent: 'CustomerStateChangeEvent'
  },
  // No extraParties: the engaged party is the customer itself, not a partner. A partner's scope
  // is the customers it serves, i.e. those naming it in relatedParty (added when it creates one).
  indexes: [
    // The other services name a customer by its party id: `?engagedParty.id=cust-001` finds its Customer.
    { name: 'engaged_party_id', path: ['engagedParty', 'id'], as: 'text' },
    { name: 'name', path: ['name'] },
    { name: 'creation_date', path: ['creationDate'] },
    { name: 'last_update', path: ['lastUpdate'] }
  ],
  v4: customerV4,
  example: {
    '@type': 'Customer',
    name: 'Ada Lovelace',
    engagedParty: { '@type': 'PartyRef', id: 'cust-001', name: 'Ada Lovelace', '@referredType': 'Individual' },
    contactMedium: [
      { '@type': 'EmailContactMedium', preferred: true, contactType: 'personal', emailAddress: 'ada@example.org' },
      { '@type': 'PhoneContactMedium', contactType: 'mobile', phoneNumber: '+441632960001' }
    ],
    relatedParty: [{ '@type': 'RelatedPartyRefOrPartyRoleRef', role: 'partner', partyOrPartyRole: { '@type': 'PartyRoleRef', id: 'fibreco', '@referredType': 'BusinessPartner' } }]
  }
}
