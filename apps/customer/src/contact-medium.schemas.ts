import { Type, type TSchema } from 'typebox'

/**
 * TMF629 v5 contact media: one family chosen by `@type`. Each subclass carries the attributes of
 * its medium next to the shared ones (preferred, contactType, validFor). The attribute that makes
 * a medium usable (the address, the number) is required here although the spec leaves it optional:
 * an email contact without an email address cannot be used to contact anyone.
 */
const open = { additionalProperties: true }

/** v5 `@type` of each medium, with the v4 `mediumType` it is exchanged as. */
export const CONTACT_MEDIUM_TYPES = {
  EmailContactMedium: 'email',
  PhoneContactMedium: 'phone',
  FaxContactMedium: 'fax',
  SocialContactMedium: 'socialMedia',
  GeographicAddressContactMedium: 'postalAddress'
} as const
export type ContactMediumType = keyof typeof CONTACT_MEDIUM_TYPES

function medium (type: ContactMediumType, attributes: Record<string, TSchema>, description: string): TSchema {
  return Type.Object({
    '@type': Type.Literal(type),
    '@baseType': Type.Optional(Type.String()),
    '@schemaLocation': Type.Optional(Type.String()),
    id: Type.Optional(Type.String({ description: 'Identifier of this contact medium' })),
    preferred: Type.Optional(Type.Boolean({ description: 'True for the preferred contact medium' })),
    contactType: Type.Optional(Type.String({ description: 'Qualifies the medium, e.g. personal or work; not the kind of medium' })),
    validFor: Type.Optional(Type.Ref('TimePeriod')),
    ...attributes
  }, { $id: type, description, ...open })
}

const EmailContactMedium = medium('EmailContactMedium', {
  emailAddress: Type.String({ format: 'email', description: 'Full email address in standard format' })
}, 'An email address to contact the party')

const PhoneContactMedium = medium('PhoneContactMedium', {
  phoneNumber: Type.String({ minLength: 1, description: 'The phone number, preferably in E.164 form' })
}, 'A phone number to contact the party')

const FaxContactMedium = medium('FaxContactMedium', {
  faxNumber: Type.String({ minLength: 1 })
}, 'A fax number to contact the party')

const SocialContactMedium = medium('SocialContactMedium', {
  socialNetworkId: Type.String({ minLength: 1, description: 'The identifier of the party on the social network' })
}, 'A social network account to contact the party')

const GeographicAddressContactMedium = medium('GeographicAddressContactMedium', {
  street1: Type.Optional(Type.String()),
  street2: Type.Optional(Type.String()),
  postCode: Type.Optional(Type.String()),
  city: Type.String({ minLength: 1 }),
  stateOrProvince: Type.Optional(Type.String()),
  country: Type.String({ minLength: 1 }),
  geographicAddress: Type.Optional(Type.Ref('EntityRef'))
}, 'A postal address to contact the party; city and country are required')

/** oneOf with a discriminator, as the spec writes it: only the branch @type names is checked. */
export const ContactMedium = Type.Unsafe<Record<string, unknown>>({
  type: 'object',
  oneOf: (Object.keys(CONTACT_MEDIUM_TYPES) as ContactMediumType[]).map((type) => Type.Ref(type)),
  discriminator: { propertyName: '@type' },
  $id: 'ContactMedium',
  description: `A way to contact the party; @type is one of ${Object.keys(CONTACT_MEDIUM_TYPES).join(', ')}`
})

export const contactMediumComponents: readonly TSchema[] = [
  EmailContactMedium, PhoneContactMedium, FaxContactMedium, SocialContactMedium, GeographicAddressContactMedium, ContactMedium
]
