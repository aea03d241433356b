import { Type, type TSchema } from 'typebox'
import { DateTime, Extensible, OptionalExtensible, stateChangeSchema } from '@cx/engine'
import { contactMediumComponents } from './contact-medium.schemas.ts'

/**
 * TMF629 leaves `status` free text. CX Suite gives it a lifecycle (see customer.resource.ts):
 * Initialized → Validated → Active ⇄ Suspended, and Inactive as the end of the relationship.
 */
export const CUSTOMER_STATUSES = ['Initialized', 'Validated', 'Active', 'Suspended', 'Inactive'] as const
const Status = Type.Enum(CUSTOMER_STATUSES, {
  description: 'Lifecycle status. TMF629 leaves it free text; CX Suite enforces Initialized → Validated → Active ⇄ Suspended, ' +
    'and Inactive from any other status as the final one (a returning customer is a new Customer). Set on create only as Initialized; ' +
    'each change is recorded in statusChangeHistory and emits CustomerStateChangeEvent.'
})

const open = { additionalProperties: true }

/** The party that plays the customer role: always a person or an organization. */
const PartyRef = Type.Object({
  ...Extensible,
  id: Type.String({ minLength: 1 }),
  href: Type.Optional(Type.String()),
  name: Type.Optional(Type.String()),
  '@referredType': Type.Enum(['Individual', 'Organization'])
}, { $id: 'PartyRef', description: 'Reference to the Individual or Organization engaged as the customer', ...open })

const CreditProfile = Type.Object({
  ...OptionalExtensible,
  id: Type.Optional(Type.String()),
  href: Type.Optional(Type.String()),
  creditProfileDate: Type.Optional(DateTime),
  creditRiskRating: Type.Optional(Type.Integer({ description: 'Rates the risk; the scale is the operator\'s' })),
  creditScore: Type.Optional(Type.Integer()),
  validFor: Type.Optional(Type.Ref('TimePeriod'))
}, { $id: 'CreditProfile', description: 'Credit scoring of the customer; the first entry is the current one', ...open })

const CustomerStatusChange = stateChangeSchema({
  $id: 'CustomerStatusChange',
  field: 'status',
  state: Status,
  description: 'One step of the customer lifecycle (a CX Suite extension: TMF629 keeps no status history)'
})

const refs = (description: string): TSchema => Type.Optional(Type.Array(Type.Ref('EntityRef'), { description }))

/** Attributes a client may send, on create (FVO) and on patch (MVO). */
const writable = {
  name: Type.String({ minLength: 1, description: 'The name by which the customer is known' }),
  description: Type.Optional(Type.String()),
  role: Type.Optional(Type.String({ description: 'Role played by the engaged party, when no partyRoleSpecification says it' })),
  engagedParty: Type.Ref('PartyRef'),
  partyRoleSpecification: Type.Optional(Type.Ref('EntityRef')),
  status: Type.Optional(Status),
  statusReason: Type.Optional(Type.String({ description: 'Why the status has its value, e.g. why a customer was made Inactive' })),
  validFor: Type.Optional(Type.Ref('TimePeriod')),
  contactMedium: Type.Optional(Type.Array(Type.Ref('ContactMedium'))),
  account: refs('AccountRef: the customer\'s party or financial accounts'),
  agreement: refs('AgreementRef: contracts with the customer'),
  paymentMethod: refs('PaymentMethodRef: how the customer pays'),
  creditProfile: Type.Optional(Type.Array(Type.Ref('CreditProfile'))),
  characteristic: Type.Optional(Type.Array(Type.Ref('Characteristic'))),
  relatedParty: Type.Optional(Type.Array(Type.Ref('RelatedPartyRefOrPartyRoleRef'), { description: 'Partners serving the customer (role partner) and other parties' }))
}

export const Customer = Type.Object({
  ...Extensible,
  id: Type.String(),
  href: Type.String(),
  ...writable,
  status: Status,
  creationDate: DateTime,
  lastUpdate: DateTime,
  statusChangeHistory: Type.Optional(Type.Array(Type.Ref('CustomerStatusChange'), { description: 'Every status the customer went through (CX Suite extension)' }))
}, {
  $id: 'Customer',
  description: 'A party (Individual or Organization) in the role of customer of the CSP (TMF629 v5). creationDate, lastUpdate and statusChangeHistory are CX Suite extensions managed by the server.',
  ...open
})

export const CustomerFvo = Type.Object({ ...Extensible, ...writable }, {
  $id: 'Customer_FVO', description: 'Create body: @type, name and engagedParty are required; status may only be Initialized', ...open
})

export const CustomerMvo = Type.Partial(Type.Object({ ...Extensible, ...writable }), {
  $id: 'Customer_MVO', description: 'Merge-patch body; name and engagedParty may be changed but not removed', ...open
})

export const customerComponents: readonly TSchema[] = [PartyRef, CreditProfile, CustomerStatusChange, ...contactMediumComponents]
