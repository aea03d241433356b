import { Type } from 'typebox'
import { OptionalExtensible } from '@cx/engine'

/**
 * The CX Suite outage subclass of TMF621 TroubleTicket (README, "Outages"): a mass incident is a
 * ticket with `@type: CxOutage`, `@baseType: TroubleTicket`, `ticketType: Outage` and an `impact`
 * extension naming who is affected. TMF621 defines no outage resource; TMF630 polymorphism
 * (`@type` ≠ `@baseType`) is how a subclass adds attributes.
 */
export const OUTAGE = { type: 'CxOutage', baseType: 'TroubleTicket', ticketType: 'Outage' } as const

/** A place an outage covers: customers whose TMF629 postal contactMedium has this city or postcode. */
const OutagePlace = Type.Object({
  ...OptionalExtensible,
  city: Type.Optional(Type.String({ minLength: 1 })),
  postCode: Type.Optional(Type.String({ minLength: 1 })),
  country: Type.Optional(Type.String({ minLength: 1, description: 'Narrows city or postCode to one country' }))
}, { $id: 'OutagePlace', additionalProperties: true, description: 'A city and/or postcode (compared case-insensitively, spaces ignored in postcodes); at least one of them' })

export const OutageImpact = Type.Object({
  ...OptionalExtensible,
  productOffering: Type.Optional(Type.Array(Type.Ref('EntityRef'), { description: 'Affected product offerings: customers with an active or completed order for one of them' })),
  place: Type.Optional(Type.Array(Type.Ref('OutagePlace'), { description: 'Affected places: customers with a postal address there' })),
  customer: Type.Optional(Type.Array(Type.Ref('PartyRefOrPartyRoleRef'), { description: 'Customers named explicitly (TMF629 customer ids)' }))
}, { $id: 'OutageImpact', additionalProperties: true, description: 'Who an outage (@type CxOutage) affects: the union of offerings, places and the explicit list' })

export const outageComponents = [OutagePlace, OutageImpact]
