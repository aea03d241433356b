/** Who is signed in, as the APIs will see it (same rules as @cx/auth: operator role, else a partner id). */
export type Principal = { kind: 'operator', subject: string } | { kind: 'partner', partnerId: string, subject: string }

/**
 * Decodes the claims of a JWT (RFC 7519 §3: base64url JSON, second segment) without verifying it:
 * the APIs verify every request, the dashboard only needs to know what to show.
 * Returns undefined for anything that is not a JWT with a JSON object payload.
 */
export function jwtClaims (token: string): Record<string, unknown> | undefined {
  const part = token.split('.')[1]
  if (part === undefined || part === '') return undefined
  try {
    const base64 = part.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(part.length / 4) * 4, '=')
    const json = new TextDecoder().decode(Uint8Array.from(atob(base64), (c) => c.charCodeAt(0)))
    const claims: unknown = JSON.parse(json)
    return typeof claims === 'object' && claims !== null && !Array.isArray(claims) ? claims as Record<string, unknown> : undefined
  } catch {
    return undefined
  }
}

/**
 * The principal an access token stands for: the operator when `roles`, Keycloak's
 * `realm_access.roles`, `scope` or `scp` names `operator`; otherwise a partner whose id is in `partnerClaim`, then `azp`,
 * then `client_id` (the lookup order of the APIs' AUTH_PARTNER_CLAIM). Undefined when neither.
 */
export function principalOf (claims: Record<string, unknown>, partnerClaim = 'partner_id'): Principal | undefined {
  const subject = typeof claims.sub === 'string' ? claims.sub : ''
  const realm = claims.realm_access
  const roles = [
    ...strings(claims.roles, false),
    ...strings(typeof realm === 'object' && realm !== null ? (realm as Record<string, unknown>).roles : undefined, false),
    ...strings(claims.scope, true),
    ...strings(claims.scp, true)
  ]
  if (roles.includes('operator')) return { kind: 'operator', subject }
  for (const name of [partnerClaim, 'azp', 'client_id']) {
    const v = claims[name]
    if (typeof v === 'string' && v !== '') return { kind: 'partner', partnerId: v, subject }
  }
  return undefined
}

/** Seconds since the epoch at which the token expires (`exp`), or undefined. */
export function expiryOf (claims: Record<string, unknown>): number | undefined {
  return typeof claims.exp === 'number' ? claims.exp : undefined
}

// Roles arrive as an array or, for OAuth scopes, as one space-separated string.
function strings (value: unknown, spaceSeparated: boolean): string[] {
  if (typeof value === 'string') return spaceSeparated ? value.split(' ').filter((s) => s !== '') : [value]
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []
}
