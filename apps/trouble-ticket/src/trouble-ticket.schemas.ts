import { Type } from 'typebox'
import { DateTime, Extensible, OptionalExtensible, stateChangeSchema } from '@cx/engine'
import { outageComponents } from './trouble-ticket.outage.schemas.ts'

/** TMF621 v5 TroubleTicketStatusType (the same in v4). */
export const TROUBLE_TICKET_STATUSES = ['acknowledged', 'rejected', 'pending', 'held', 'inProgress', 'cancelled', 'closed', 'resolved'] as const
const Status = Type.Union(TROUBLE_TICKET_STATUSES.map((s) => Type.Literal(s)))

const StatusChange = stateChangeSchema({ $id: 'StatusChange', field: 'status', state: Status })

const TroubleTicketRelationship = Type.Object({
  ...OptionalExtensible,
  id: Type.String(),
  href: Type.Optional(Type.String()),
  name: Type.Optional(Type.String()),
  relationshipType: Type.String()
}, { $id: 'TroubleTicketRelationship', additionalProperties: true })

/** Attributes a client may send, on create (FVO) and on patch (MVO). */
const writable = {
  name: Type.Optional(Type.String()),
  description: Type.String({ minLength: 1 }),
  severity: Type.String({ minLength: 1, description: 'e.g. Critical, Major, Minor' }),
  priority: Type.Optional(Type.String()),
  ticketType: Type.String({ minLength: 1, description: 'e.g. Complaint, Incident, Request' }),
  channel: Type.Optional(Type.Ref('ChannelRef')),
  requestedResolutionDate: Type.Optional(DateTime),
  expectedResolutionDate: Type.Optional(DateTime),
  status: Type.Optional(Status),
  statusChangeReason: Type.Optional(Type.String()),
  externalIdentifier: Type.Optional(Type.Array(Type.Ref('ExternalIdentifier'))),
  attachment: Type.Optional(Type.Array(Type.Ref('AttachmentRefOrValue'))),
  note: Type.Optional(Type.Array(Type.Ref('Note'))),
  relatedEntity: Type.Optional(Type.Array(Type.Ref('RelatedEntity'))),
  relatedParty: Type.Optional(Type.Array(Type.Ref('RelatedPartyRefOrPartyRoleRef'))),
  troubleTicketRelationship: Type.Optional(Type.Array(Type.Ref('TroubleTicketRelationship'))),
  troubleTicketSpecification: Type.Optional(Type.Ref('EntityRef')),
  troubleTicketCharacteristic: Type.Optional(Type.Array(Type.Ref('Characteristic'))),
  impact: Type.Optional(Type.Ref('OutageImpact', { description: 'CX Suite extension of the CxOutage subclass: who the outage affects' }))
}

export const TroubleTicket = Type.Object({
  ...Extensible,
  id: Type.String(),
  href: Type.String(),
  ...writable,
  status: Status,
  creationDate: DateTime,
  lastUpdate: DateTime,
  resolutionDate: Type.Optional(DateTime),
  statusChangeDate: Type.Optional(DateTime),
  statusChangeHistory: Type.Optional(Type.Array(Type.Ref('StatusChange'))),
  repeatContactCount: Type.Optional(Type.Integer({ minimum: 0, description: 'CX Suite extension, read-only: how many of the customer\'s open or recently resolved tickets about the same subject this one repeats (linked relatedTo)' }))
}, { $id: 'TroubleTicket', additionalProperties: true, description: 'A record of an issue raised by a customer or partner (TMF621 v5)' })

export const TroubleTicketFvo = Type.Object({ ...Extensible, ...writable }, {
  $id: 'TroubleTicket_FVO', additionalProperties: true, description: 'Create body: @type, description, severity and ticketType are required'
})

export const TroubleTicketMvo = Type.Partial(Type.Object({ ...Extensible, ...writable }), {
  $id: 'TroubleTicket_MVO', additionalProperties: true, description: 'Merge-patch body'
})

export const troubleTicketComponents = [StatusChange, TroubleTicketRelationship, ...outageComponents]
