/** How the suite authenticates callers, and where that configuration comes from. */
export interface AuthConfig {
  mode: 'embedded' | 'production'
  /** Shared-secret (HS256/384/512) verification. */
  hs256Secret?: string
  /** JWKS verification (asymmetric algorithms); at least one of the two is required in production. */
  jwksUrl?: string
  /**
   * Key rotation without restart: a token whose `kid` is not in the cached key set makes the set be
   * fetched again, at most once per `jwksCooldownMs` (default 30 s); the set is also refreshed when
   * older than `jwksCacheMaxAgeMs` (default 10 min), so retired keys stop being accepted.
   */
  jwksCooldownMs?: number
  jwksCacheMaxAgeMs?: number
  /** Checked against `iss` when set. */
  issuer?: string
  /** Checked against `aud` when set. */
  audience?: string
  /** Claim holding the partner (organization) id; default 'partner_id', falling back to 'azp' then 'client_id'. */
  partnerClaim?: string
  /** Embedded dev issuer client secret, default 'dev-secret'. */
  devClientSecret?: string
  /** Lifetime of dev-issued tokens, default 3600. */
  devTokenTtlSeconds?: number
}

// Fixed rather than random so embedded-mode tokens survive a restart of the suite.
const DEV_JWT_SECRET = 'cx-suite-embedded-dev-jwt-secret-never-use-in-production'
const DEV_ISSUER = 'cx-suite-dev'
const DEV_AUDIENCE = 'cx-suite'
export const DEFAULT_DEV_CLIENT_SECRET = 'dev-secret'
export const DEFAULT_DEV_TOKEN_TTL_SECONDS = 3600

export function authConfigFromEnv (env: NodeJS.ProcessEnv, mode: 'embedded' | 'production'): AuthConfig {
  const embedded = mode === 'embedded'
  const config: AuthConfig = { mode }
  const hs256Secret = nonEmpty(env.AUTH_JWT_SECRET) ?? (embedded ? DEV_JWT_SECRET : undefined)
  const jwksUrl = nonEmpty(env.AUTH_JWKS_URL)
  const issuer = nonEmpty(env.AUTH_ISSUER) ?? (embedded ? DEV_ISSUER : undefined)
  const audience = nonEmpty(env.AUTH_AUDIENCE) ?? (embedded ? DEV_AUDIENCE : undefined)
  const partnerClaim = nonEmpty(env.AUTH_PARTNER_CLAIM)
  const devClientSecret = nonEmpty(env.DEV_CLIENT_SECRET)
  if (hs256Secret !== undefined) config.hs256Secret = hs256Secret
  if (jwksUrl !== undefined) config.jwksUrl = jwksUrl
  if (issuer !== undefined) config.issuer = issuer
  if (audience !== undefined) config.audience = audience
  if (partnerClaim !== undefined) config.partnerClaim = partnerClaim
  if (devClientSecret !== undefined) config.devClientSecret = devClientSecret
  const cooldown = durationOf(env, 'AUTH_JWKS_COOLDOWN_MS')
  const maxAge = durationOf(env, 'AUTH_JWKS_CACHE_MAX_AGE_MS')
  if (cooldown !== undefined) config.jwksCooldownMs = cooldown
  if (maxAge !== undefined) config.jwksCacheMaxAgeMs = maxAge
  assertUsable(config)
  return config
}

/** The HMAC secret tokens are verified (and dev tokens signed) with; embedded mode always has one. */
export function hs256SecretOf (config: AuthConfig): string | undefined {
  return nonEmpty(config.hs256Secret) ?? (config.mode === 'embedded' ? DEV_JWT_SECRET : undefined)
}

// Fail at start-up with a message an operator can act on, not with a 401 on every request later.
export function assertUsable (config: AuthConfig): void {
  const jwksUrl = nonEmpty(config.jwksUrl)
  if (hs256SecretOf(config) === undefined && jwksUrl === undefined) {
    throw new Error('auth: production mode needs AUTH_JWT_SECRET or AUTH_JWKS_URL: a shared secret for HS256 tokens, or the IdP\'s JWKS URL')
  }
  if (jwksUrl !== undefined && !isHttpUrl(jwksUrl)) {
    throw new Error(`auth: AUTH_JWKS_URL must be an http(s) URL, got ${JSON.stringify(jwksUrl)}`)
  }
}

/** A non-negative duration in ms, or undefined when unset; a malformed value is refused at start-up. */
function durationOf (env: NodeJS.ProcessEnv, name: string): number | undefined {
  // Validated configurations (@cx/config) hand numbers over as they are.
  const raw = nonEmpty(env[name] === undefined ? undefined : String(env[name]))
  if (raw === undefined) return undefined
  const n = Number(raw)
  if (!Number.isInteger(n) || n < 0) throw new Error(`auth: ${name} must be a non-negative integer (ms), got ${JSON.stringify(raw)}`)
  return n
}

// Deployment tooling often sets a variable to '' to mean "unset".
function nonEmpty (value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value
}

function isHttpUrl (value: string): boolean {
  try {
    const { protocol } = new URL(value)
    return protocol === 'http:' || protocol === 'https:'
  } catch {
    return false
  }
}
