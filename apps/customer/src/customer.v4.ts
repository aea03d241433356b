import { Type } from 'typebox'
import { commonMapPath, commonToV4, commonToV5, type Doc, type V4Mapping } from '@cx/engine'
import { contactMediumPathToV5, contactMediumToV4, contactMediumToV5 } from './contact-medium.v4.ts'

/**
 * TMF629 v4 ⇄ v5. v4 has flat references without `@type` (engagedParty is a RelatedParty
 * {id, @referredType}) and contact media {mediumType, characteristic}; v5 nests party refs and
 * makes contact media polymorphic. The default `@type` of each reference is added on the way in
 * and dropped on the way out, so either direction followed by the other changes nothing.
 */
const DEFAULT_TYPES = {
  engagedParty: 'PartyRef',
  account: 'AccountRef',
  agreement: 'AgreementRef',
  paymentMethod: 'PaymentMethodRef',
  creditProfile: 'CreditProfile'
} as const

function eachObject (doc: Doc, key: string, fn: (d: Doc) => Doc): void {
  const v = doc[key]
  const apply = (x: unknown): unknown => (x !== null && typeof x === 'object' && !Array.isArray(x) ? fn(x as Doc) : x)
  if (Array.isArray(v)) doc[key] = v.map(apply)
  else if (v !== undefined) doc[key] = apply(v)
}

export function customerToV4 (v5: Doc): Doc {
  const doc = commonToV4(v5)
  for (const [key, type] of Object.entries(DEFAULT_TYPES)) {
    eachObject(doc, key, (ref) => {
      if (ref['@type'] !== type) return ref
      const { '@type': _type, ...rest } = ref
      return rest
    })
  }
  eachObject(doc, 'contactMedium', contactMediumToV4)
  return doc
}

export function customerToV5 (v4: Doc): Doc {
  const doc = commonToV5(v4, 'Customer')
  for (const [key, type] of Object.entries(DEFAULT_TYPES)) {
    eachObject(doc, key, (ref) => (ref['@type'] === undefined ? { '@type': type, ...ref } : ref))
  }
  eachObject(doc, 'contactMedium', contactMediumToV5)
  return doc
}

export function customerPathToV5 (path: string[]): string[] {
  const [head, ...rest] = path
  if (head === 'contactMedium') return [head, ...contactMediumPathToV5(rest)]
  return commonMapPath(path)
}

const open = { additionalProperties: true }
const optionalTypes = {
  '@type': Type.Optional(Type.String()),
  '@baseType': Type.Optional(Type.String()),
  '@schemaLocation': Type.Optional(Type.String())
}

const RelatedPartyV4 = Type.Object({
  ...optionalTypes,
  id: Type.String({ minLength: 1 }),
  href: Type.Optional(Type.String()),
  name: Type.Optional(Type.String()),
  role: Type.Optional(Type.String()),
  '@referredType': Type.String({ minLength: 1 })
}, open)

const EngagedPartyV4 = Type.Object({
  ...RelatedPartyV4.properties,
  '@referredType': Type.Enum(['Individual', 'Organization'])
}, { description: 'The Individual or Organization engaged as the customer', ...open })

const ContactMediumV4 = Type.Object({
  ...optionalTypes,
  mediumType: Type.String({ minLength: 1, description: 'email, phone, fax, socialMedia or postalAddress' }),
  preferred: Type.Optional(Type.Boolean()),
  characteristic: Type.Object({
    emailAddress: Type.Optional(Type.String()),
    phoneNumber: Type.Optional(Type.String()),
    faxNumber: Type.Optional(Type.String()),
    socialNetworkId: Type.Optional(Type.String()),
    street1: Type.Optional(Type.String()),
    street2: Type.Optional(Type.String()),
    postCode: Type.Optional(Type.String()),
    city: Type.Optional(Type.String()),
    stateOrProvince: Type.Optional(Type.String()),
    country: Type.Optional(Type.String()),
    contactType: Type.Optional(Type.String())
  }, { description: 'MediumCharacteristic', ...open }),
  validFor: Type.Optional(Type.Ref('TimePeriod'))
}, open)

const RefV4 = Type.Object({
  ...optionalTypes,
  id: Type.String({ minLength: 1 }),
  href: Type.Optional(Type.String()),
  name: Type.Optional(Type.String()),
  '@referredType': Type.Optional(Type.String())
}, open)

const CharacteristicV4 = Type.Object({ name: Type.String({ minLength: 1 }), valueType: Type.Optional(Type.String()), value: Type.Unknown() }, open)

const CreditProfileV4 = Type.Object({
  ...optionalTypes,
  creditProfileDate: Type.Optional(Type.String({ format: 'date-time' })),
  creditRiskRating: Type.Optional(Type.Integer()),
  creditScore: Type.Optional(Type.Integer()),
  validFor: Type.Optional(Type.Ref('TimePeriod'))
}, open)

const writable = {
  ...optionalTypes,
  name: Type.String({ minLength: 1 }),
  engagedParty: EngagedPartyV4,
  status: Type.Optional(Type.String()),
  statusReason: Type.Optional(Type.String()),
  validFor: Type.Optional(Type.Ref('TimePeriod')),
  contactMedium: Type.Optional(Type.Array(ContactMediumV4)),
  account: Type.Optional(Type.Array(RefV4)),
  agreement: Type.Optional(Type.Array(RefV4)),
  paymentMethod: Type.Optional(Type.Array(RefV4)),
  creditProfile: Type.Optional(Type.Array(CreditProfileV4)),
  characteristic: Type.Optional(Type.Array(CharacteristicV4)),
  relatedParty: Type.Optional(Type.Array(RelatedPartyV4))
}

export const customerV4: V4Mapping = {
  schemas: {
    resource: Type.Object({ id: Type.String(), href: Type.String(), ...writable }, { $id: 'Customer', description: 'A party in the role of customer (TMF629 v4)', ...open }),
    create: Type.Object(writable, { $id: 'Customer_Create', description: 'Create body: name and engagedParty {id, @referredType} are required', ...open }),
    patch: Type.Partial(Type.Object(writable), { $id: 'Customer_Update', description: 'Merge-patch body', ...open })
  },
  toV5: customerToV5,
  fromV5: customerToV4,
  mapPath: customerPathToV5
}
