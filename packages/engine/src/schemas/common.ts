import { Type, type TSchema } from 'typebox'

/**
 * Building blocks shared by every TMF resource (v5 shapes, written from the TMF630 and domain
 * specs). Each carries a `$id` so that routes, ajv and the OpenAPI components refer to it by name.
 * Objects stay open (`additionalProperties` allowed) because TMF polymorphism lets a subclass
 * (`@type` ≠ `@baseType`) add attributes.
 */
const open = { additionalProperties: true }

export const Extensible = {
  '@type': Type.String({ description: 'The class of this object (required in v5)' }),
  '@baseType': Type.Optional(Type.String({ description: 'The superclass when @type is a subclass' })),
  '@schemaLocation': Type.Optional(Type.String({ description: 'URI of a JSON schema for the extension attributes' }))
}
export const OptionalExtensible = {
  '@type': Type.Optional(Type.String()),
  '@baseType': Type.Optional(Type.String()),
  '@schemaLocation': Type.Optional(Type.String())
}

export const DateTime = Type.String({ format: 'date-time' })

export const TimePeriod = Type.Object({
  startDateTime: Type.Optional(DateTime),
  endDateTime: Type.Optional(DateTime)
}, { $id: 'TimePeriod', ...open })

export const PartyRef = Type.Object({
  ...OptionalExtensible,
  id: Type.String({ minLength: 1 }),
  href: Type.Optional(Type.String()),
  name: Type.Optional(Type.String()),
  '@referredType': Type.Optional(Type.String({ description: 'Individual, Organization, BusinessPartner, Supplier…' }))
}, { $id: 'PartyRefOrPartyRoleRef', ...open })

export const RelatedParty = Type.Object({
  ...OptionalExtensible,
  role: Type.String({ minLength: 1 }),
  partyOrPartyRole: Type.Ref('PartyRefOrPartyRoleRef')
}, { $id: 'RelatedPartyRefOrPartyRoleRef', ...open })

export const EntityRef = Type.Object({
  ...OptionalExtensible,
  id: Type.String({ minLength: 1 }),
  href: Type.Optional(Type.String()),
  name: Type.Optional(Type.String()),
  '@referredType': Type.Optional(Type.String())
}, { $id: 'EntityRef', ...open })

export const RelatedEntity = Type.Object({
  ...OptionalExtensible,
  role: Type.String({ minLength: 1 }),
  entity: Type.Ref('EntityRef')
}, { $id: 'RelatedEntity', ...open })

export const Note = Type.Object({
  ...OptionalExtensible,
  id: Type.Optional(Type.String()),
  author: Type.Optional(Type.String()),
  date: Type.Optional(DateTime),
  text: Type.String()
}, { $id: 'Note', ...open })

export const ExternalIdentifier = Type.Object({
  ...OptionalExtensible,
  id: Type.String({ minLength: 1 }),
  owner: Type.Optional(Type.String()),
  externalIdentifierType: Type.Optional(Type.String())
}, { $id: 'ExternalIdentifier', ...open })

/** v5 characteristics are polymorphic by @type (StringCharacteristic, NumberCharacteristic…). */
export const Characteristic = Type.Object({
  ...OptionalExtensible,
  id: Type.Optional(Type.String()),
  name: Type.String({ minLength: 1 }),
  valueType: Type.Optional(Type.String()),
  value: Type.Unknown()
}, { $id: 'Characteristic', ...open })

export const AttachmentRefOrValue = Type.Object({
  ...OptionalExtensible,
  id: Type.Optional(Type.String()),
  href: Type.Optional(Type.String()),
  name: Type.Optional(Type.String()),
  description: Type.Optional(Type.String()),
  attachmentType: Type.Optional(Type.String()),
  mimeType: Type.Optional(Type.String()),
  url: Type.Optional(Type.String()),
  size: Type.Optional(Type.Object({ amount: Type.Number(), units: Type.Optional(Type.String()) })),
  '@referredType': Type.Optional(Type.String())
}, { $id: 'AttachmentRefOrValue', ...open })

export const ChannelRef = Type.Object({
  ...OptionalExtensible,
  id: Type.String(),
  href: Type.Optional(Type.String()),
  name: Type.Optional(Type.String()),
  '@referredType': Type.Optional(Type.String())
}, { $id: 'ChannelRef', ...open })

export const ErrorSchema = Type.Object({
  '@type': Type.Literal('Error'),
  code: Type.String(),
  reason: Type.String(),
  message: Type.Optional(Type.String()),
  status: Type.Optional(Type.String()),
  referenceError: Type.Optional(Type.String())
}, { $id: 'Error' })

export const commonSchemas: readonly TSchema[] = [
  TimePeriod, PartyRef, RelatedParty, EntityRef, RelatedEntity, Note, ExternalIdentifier,
  Characteristic, AttachmentRefOrValue, ChannelRef, ErrorSchema
]

/**
 * One entry of a lifecycle history (`statusChangeHistory` of StatusChange in TMF621 v5, and the
 * same shape for every other lifecycle here): the state, when, and why.
 */
export function stateChangeSchema (opts: { $id: string, field: 'status' | 'state', state?: TSchema, description?: string }): TSchema {
  const f = opts.field
  return Type.Object({
    '@type': Type.Optional(Type.String()),
    [f]: opts.state ?? Type.String(),
    [`${f}ChangeDate`]: DateTime,
    [`${f}ChangeReason`]: Type.Optional(Type.String())
  }, { $id: opts.$id, ...open, ...(opts.description === undefined ? {} : { description: opts.description }) })
}
