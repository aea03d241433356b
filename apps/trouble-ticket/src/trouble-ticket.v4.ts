import { Type } from 'typebox'
import { commonMapPath, commonToV4, commonToV5, type CommonV4Options, type V4Mapping } from '@cx/engine'

/** TMF621 v4 ↔ v5: statusChange ↔ statusChangeHistory, externalId ↔ externalIdentifier, flat refs. */
const renames: CommonV4Options = {
  externalId: true,
  history: { v5: 'statusChangeHistory', v4: 'statusChange', stateKey: 'status', v5Date: 'statusChangeDate', v4Date: 'changeDate', v5Reason: 'statusChangeReason', v4Reason: 'changeReason' }
}

const RelatedPartyV4 = Type.Object({
  id: Type.String({ minLength: 1 }),
  href: Type.Optional(Type.String()),
  name: Type.Optional(Type.String()),
  role: Type.Optional(Type.String()),
  '@referredType': Type.String()
}, { additionalProperties: true })

const writable = {
  '@type': Type.Optional(Type.String()),
  '@baseType': Type.Optional(Type.String()),
  '@schemaLocation': Type.Optional(Type.String()),
  name: Type.Optional(Type.String()),
  description: Type.String({ minLength: 1 }),
  severity: Type.String({ minLength: 1 }),
  ticketType: Type.String({ minLength: 1 }),
  priority: Type.Optional(Type.String()),
  status: Type.Optional(Type.String()),
  statusChangeReason: Type.Optional(Type.String()),
  externalId: Type.Optional(Type.String()),
  relatedParty: Type.Optional(Type.Array(RelatedPartyV4)),
  relatedEntity: Type.Optional(Type.Array(Type.Object({ id: Type.String(), role: Type.String(), '@referredType': Type.String() }, { additionalProperties: true })))
}

export const troubleTicketV4: V4Mapping = {
  schemas: {
    resource: Type.Object({ id: Type.String(), href: Type.String(), ...writable }, { $id: 'TroubleTicket', additionalProperties: true }),
    create: Type.Object(writable, { $id: 'TroubleTicket_Create', additionalProperties: true }),
    patch: Type.Partial(Type.Object(writable), { $id: 'TroubleTicket_Update', additionalProperties: true })
  },
  toV5: (v4) => commonToV5(v4, 'TroubleTicket', renames),
  fromV5: (v5) => commonToV4(v5, renames),
  mapPath: (path) => commonMapPath(path, renames)
}
