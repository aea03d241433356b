import { randomUUID } from 'node:crypto'
import { SignJWT } from 'jose'
import { DEFAULT_PARTNER_CLAIM } from './claims.ts'
import { DEFAULT_DEV_TOKEN_TTL_SECONDS, hs256SecretOf } from './config.ts'
import type { AuthConfig } from './config.ts'
import { OPERATOR_ROLE } from './principal.ts'

/** What the embedded token endpoint hands out. */
export interface DevToken {
  token: string
  expiresIn: number
  roles: string[]
}

/**
 * Mints the token of the embedded dev issuer: HS256 with the verifier's own secret, so what it
 * issues is exactly what the suite accepts. client id 'operator' gets the operator role; any other
 * client id is a partner id.
 */
export async function mintDevToken (config: AuthConfig, clientId: string): Promise<DevToken> {
  const secret = hs256SecretOf(config)
  if (secret === undefined) throw new Error('auth: cannot issue dev tokens without an HS256 secret')
  if (clientId === '') throw new Error('auth: a dev token needs a client id')
  const expiresIn = config.devTokenTtlSeconds ?? DEFAULT_DEV_TOKEN_TTL_SECONDS
  if (!Number.isInteger(expiresIn) || expiresIn <= 0) throw new Error('auth: devTokenTtlSeconds must be a positive integer')

  const isOperator = clientId === OPERATOR_ROLE
  const roles = [isOperator ? OPERATOR_ROLE : 'partner']
  // The partner goes into the claim the verifier reads first, so dev tokens keep working when
  // AUTH_PARTNER_CLAIM is changed.
  const claims: Record<string, unknown> = isOperator ? { roles } : { roles, [config.partnerClaim ?? DEFAULT_PARTNER_CLAIM]: clientId }
  const now = Math.floor(Date.now() / 1000)
  const jwt = new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(clientId)
    .setJti(randomUUID())
    .setIssuedAt(now)
    .setExpirationTime(now + expiresIn)
  if (config.issuer !== undefined && config.issuer !== '') jwt.setIssuer(config.issuer)
  if (config.audience !== undefined && config.audience !== '') jwt.setAudience(config.audience)
  return { token: await jwt.sign(new TextEncoder().encode(secret)), expiresIn, roles }
}

/** The dev issuer's token as a string: for tests and for printing demo tokens at start-up. */
export async function devIssueToken (config: AuthConfig, clientId: string): Promise<string> {
  return (await mintDevToken(config, clientId)).token
}
