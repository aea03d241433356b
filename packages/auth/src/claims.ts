import type { JWTPayload } from 'jose'
import { unauthorized } from '@cx/errors'
import { makePrincipal, OPERATOR_ROLE } from './principal.ts'
import type { Principal } from './principal.ts'

export const DEFAULT_PARTNER_CLAIM = 'partner_id'
// Keycloak (and most IdPs) put the OAuth client in `azp` / `client_id` on client-credentials
// tokens: with one client per partner, the client id is the partner id.
const FALLBACK_PARTNER_CLAIMS = ['azp', 'client_id']

/** Turns the claims of a verified token into a principal; a partner token must name its partner. */
export function principalFromClaims (claims: JWTPayload, partnerClaim = DEFAULT_PARTNER_CLAIM): Principal {
  const roles = rolesOf(claims)
  const isOperator = roles.includes(OPERATOR_ROLE)
  const partnerId = partnerIdOf(claims, partnerClaim)
  if (!isOperator && partnerId === null) throw unauthorized('token names no partner')
  const subject = nonEmptyString(claims.sub) ?? partnerId
  if (subject === null) throw unauthorized('token has no subject')
  return makePrincipal({ subject, partnerId, roles, isOperator, anonymous: false })
}

function partnerIdOf (claims: JWTPayload, partnerClaim: string): string | null {
  for (const name of [partnerClaim, ...FALLBACK_PARTNER_CLAIMS]) {
    const value = nonEmptyString(claims[name])
    if (value !== null) return value
  }
  return null
}

// Roles arrive in different places depending on the IdP: a plain `roles` array, Keycloak's
// `realm_access.roles`, or OAuth scopes (`scope` space-separated, `scp` as string or array).
function rolesOf (claims: JWTPayload): string[] {
  const realmAccess = claims.realm_access
  const realmRoles = typeof realmAccess === 'object' && realmAccess !== null
    ? (realmAccess as Record<string, unknown>).roles
    : undefined
  const roles = new Set<string>([
    ...stringList(claims.roles, false),
    ...stringList(realmRoles, false),
    ...stringList(claims.scope, true),
    ...stringList(claims.scp, true)
  ])
  return [...roles]
}

function stringList (value: unknown, spaceSeparated: boolean): string[] {
  if (typeof value === 'string') return spaceSeparated ? value.split(' ').filter(s => s !== '') : [value].filter(s => s !== '')
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string' && v !== '')
  return []
}

function nonEmptyString (value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null
}
