import { createRemoteJWKSet, errors, jwtVerify } from 'jose'
import type { JWTPayload, JWTVerifyGetKey, JWTVerifyOptions } from 'jose'
import { TmfError, isTmfError, unauthorized } from '@cx/errors'
import { principalFromClaims } from './claims.ts'
import { assertUsable, hs256SecretOf } from './config.ts'
import type { AuthConfig } from './config.ts'
import type { Principal } from './principal.ts'
import { createVerificationCache } from './verify-cache.ts'

export interface TokenVerifier {
  /** Resolves the principal of a valid token; throws a 401 TmfError for any invalid one. */
  verify (token: string): Promise<Principal>
}

const HMAC_ALGORITHMS = ['HS256', 'HS384', 'HS512']
const ASYMMETRIC_ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA', 'Ed25519']
const CACHE_MAX_ENTRIES = 10_000
const CACHE_MAX_AGE_MS = 5 * 60_000

export function createTokenVerifier (config: AuthConfig): TokenVerifier {
  assertUsable(config)
  const secret = hs256SecretOf(config)
  const secretKey = secret === undefined ? undefined : new TextEncoder().encode(secret)
  // jose fetches the set again when a token names an unknown `kid` (after the cooldown) and when
  // the cached set is older than cacheMaxAge: IdP key rotation needs no restart.
  const jwks = config.jwksUrl === undefined || config.jwksUrl === ''
    ? undefined
    : createRemoteJWKSet(new URL(config.jwksUrl), {
      ...(config.jwksCooldownMs === undefined ? {} : { cooldownDuration: config.jwksCooldownMs }),
      ...(config.jwksCacheMaxAgeMs === undefined ? {} : { cacheMaxAge: config.jwksCacheMaxAgeMs })
    })

  // The key is chosen by the token's algorithm family, and each family is allowed only when its
  // key source is configured: an HMAC token can never be checked against a public key (the
  // classic algorithm-confusion attack), and `none` is never allowed.
  const getKey: JWTVerifyGetKey = async (header, token) => {
    if (header.alg?.startsWith('HS') === true) {
      if (secretKey === undefined) throw unauthorized('shared-secret tokens are not accepted')
      return secretKey
    }
    if (jwks === undefined) throw unauthorized('token algorithm not accepted')
    try {
      return await jwks(header, token)
    } catch (err) {
      throw keySetError(err)
    }
  }
  const options: JWTVerifyOptions = {
    algorithms: [...(secretKey === undefined ? [] : HMAC_ALGORITHMS), ...(jwks === undefined ? [] : ASYMMETRIC_ALGORITHMS)],
    // A token that never expires cannot be revoked; every IdP and the dev issuer set `exp`.
    requiredClaims: ['exp']
  }
  if (config.issuer !== undefined && config.issuer !== '') options.issuer = config.issuer
  if (config.audience !== undefined && config.audience !== '') options.audience = config.audience

  const cache = createVerificationCache<Principal>({ maxEntries: CACHE_MAX_ENTRIES, maxAgeMs: CACHE_MAX_AGE_MS })

  return {
    async verify (token) {
      const cached = cache.get(token)
      if (cached !== undefined) return cached
      let payload: JWTPayload
      try {
        ({ payload } = await jwtVerify(token, getKey, options))
      } catch (err) {
        throw verificationError(err)
      }
      const principal = principalFromClaims(payload, config.partnerClaim)
      cache.set(token, principal, (payload.exp ?? 0) * 1000)
      return principal
    }
  }
}

// An unknown `kid` is the token's fault (401); an unreachable or broken key set is ours (503),
// and telling the caller its token is invalid would send it chasing the wrong problem.
function keySetError (err: unknown): TmfError {
  if (err instanceof errors.JWKSNoMatchingKey || err instanceof errors.JWKSMultipleMatchingKeys) {
    return unauthorized('no signing key matches the token')
  }
  return new TmfError(503, 'ERR503', 'Service Unavailable', 'token signing keys are unavailable', { cause: err })
}

// Stable, short reasons: enough for an integrator to fix the token, nothing about our keys.
function verificationError (err: unknown): TmfError {
  if (isTmfError(err)) return err
  if (err instanceof errors.JWTExpired) return unauthorized('token expired')
  if (err instanceof errors.JWTClaimValidationFailed) return unauthorized(`token "${err.claim}" claim check failed`)
  if (err instanceof errors.JWSSignatureVerificationFailed) return unauthorized('token signature verification failed')
  if (err instanceof errors.JOSEAlgNotAllowed) return unauthorized('token algorithm not accepted')
  return unauthorized('invalid token')
}
