import type { Doc } from '@cx/engine'
import { CONTACT_MEDIUM_TYPES, type ContactMediumType } from './contact-medium.schemas.ts'

/**
 * TMF629 v4 ContactMedium {mediumType, preferred, validFor, characteristic: {emailAddress,
 * phoneNumber, city, …}} ⇄ v5 polymorphic media whose attributes sit on the medium itself.
 * Both directions keep every attribute they do not know, so a v4 read followed by a v4 PATCH
 * gives back exactly the stored v5 medium.
 */

/** Attributes that stay on the v4 ContactMedium; everything else lives in its characteristic. */
const OUTER = new Set(['@type', '@baseType', '@schemaLocation', 'id', 'preferred', 'validFor'])

/** v4 mediumType spellings seen in the wild (compared lower-case) → the v5 @type. */
const V4_ALIASES: Readonly<Record<string, ContactMediumType>> = {
  email: 'EmailContactMedium',
  emailaddress: 'EmailContactMedium',
  phone: 'PhoneContactMedium',
  telephone: 'PhoneContactMedium',
  telephonenumber: 'PhoneContactMedium',
  phonenumber: 'PhoneContactMedium',
  mobile: 'PhoneContactMedium',
  fax: 'FaxContactMedium',
  faxnumber: 'FaxContactMedium',
  social: 'SocialContactMedium',
  socialmedia: 'SocialContactMedium',
  socialnetwork: 'SocialContactMedium',
  postaladdress: 'GeographicAddressContactMedium',
  postal: 'GeographicAddressContactMedium',
  address: 'GeographicAddressContactMedium',
  geographicaddress: 'GeographicAddressContactMedium'
}

function v5TypeOf (mediumType: unknown): unknown {
  if (typeof mediumType !== 'string') return mediumType
  if (mediumType in CONTACT_MEDIUM_TYPES) return mediumType
  // An unknown kind stays as sent, so validation names it in its 400.
  return V4_ALIASES[mediumType.toLowerCase()] ?? mediumType
}

export function contactMediumToV4 (cm: Doc): Doc {
  const type = cm['@type']
  const out: Doc = { mediumType: typeof type === 'string' && type in CONTACT_MEDIUM_TYPES ? CONTACT_MEDIUM_TYPES[type as ContactMediumType] : type }
  const characteristic: Doc = {}
  for (const [k, v] of Object.entries(cm)) {
    if (k === '@type') continue
    if (OUTER.has(k)) out[k] = v
    else characteristic[k] = v
  }
  out.characteristic = characteristic
  return out
}

export function contactMediumToV5 (cm: Doc): Doc {
  // Already v5-shaped (a v5 body sent to the v4 root): nothing to translate.
  if (cm['@type'] !== undefined && cm.mediumType === undefined) return cm
  const { mediumType, characteristic, ...outer } = cm
  const inner = characteristic !== null && typeof characteristic === 'object' ? characteristic as Doc : {}
  // mediumType decides the class: a v4 @type such as ContactMedium or MediumCharacteristic does not.
  return { ...outer, ...inner, '@type': v5TypeOf(mediumType) }
}

/** v4 filter paths: contactMedium.characteristic.emailAddress → contactMedium.emailAddress. */
export function contactMediumPathToV5 (rest: readonly string[]): string[] {
  return rest[0] === 'characteristic' ? rest.slice(1) : [...rest]
}
