import { devIssueToken, type AuthConfig } from '@cx/auth'
import type { TokenSource } from '@cx/clients'
import type { CxSyncOptions } from './cx-plugin.ts'
import { ENTITY_KINDS, type EntityKind } from './projections/entity-facts.ts'
import { clientCredentialsToken } from '@cx/hub-subscriber'

// Embedded mode only: one process signs and verifies its own subscriptions.
const DEV_HUB_SECRET = 'cx-suite-embedded-dev-hub-secret'

const nonEmpty = (v: string | undefined): string | undefined => (v === undefined || v === '' ? undefined : v)

/**
 * The cx app's own settings, from the environment (README "Configuration"):
 * `CX_HUB_SECRET` (required outside embedded mode, at least 16 characters),
 * `CX_SOURCE_ORIGINS` (one origin for every source, or `customer=http://…,troubleTicket=http://…`),
 * `CX_CALLBACK_BASE` (how the sources reach cx), `CX_CHECK_INTERVAL_MS`, `CX_COMMUNICATION_ORIGIN`
 * (the TMF681 service outage messages are created in), and the operator
 * credentials for the sources: `CX_TOKEN_URL` + `CX_CLIENT_ID` + `CX_CLIENT_SECRET`
 * (client credentials), or a fixed `CX_SOURCE_TOKEN`; embedded mode mints its own operator token.
 * Throws an Error naming the variable when a value is missing or malformed.
 */
export function cxOptionsFromEnv (env: NodeJS.ProcessEnv, mode: 'embedded' | 'production', auth: AuthConfig): CxSyncOptions {
  const secret = nonEmpty(env.CX_HUB_SECRET) ?? (mode === 'embedded' ? DEV_HUB_SECRET : undefined)
  if (secret === undefined || secret.length < 16) throw new Error('cx: CX_HUB_SECRET must be set to at least 16 characters (it signs the resource services\' callbacks to cx)')
  const interval = nonEmpty(env.CX_CHECK_INTERVAL_MS)
  if (interval !== undefined && !/^[1-9]\d*$/.test(interval)) throw new Error(`cx: CX_CHECK_INTERVAL_MS must be a positive integer, got ${interval}`)
  const opts: CxSyncOptions = { hubSecret: secret, token: tokenFromEnv(env, mode, auth) }
  const origins = parseOrigins(nonEmpty(env.CX_SOURCE_ORIGINS))
  if (origins !== undefined) opts.sourceOrigins = origins
  const callback = nonEmpty(env.CX_CALLBACK_BASE)
  if (callback !== undefined) opts.callbackBase = callback
  if (interval !== undefined) opts.checkIntervalMs = Number(interval)
  const communication = nonEmpty(env.CX_COMMUNICATION_ORIGIN)
  if (communication !== undefined) opts.communicationOrigin = checkUrl('CX_COMMUNICATION_ORIGIN', communication)
  return opts
}

function tokenFromEnv (env: NodeJS.ProcessEnv, mode: 'embedded' | 'production', auth: AuthConfig): TokenSource {
  const tokenUrl = nonEmpty(env.CX_TOKEN_URL)
  if (tokenUrl !== undefined) {
    const clientId = nonEmpty(env.CX_CLIENT_ID)
    const clientSecret = nonEmpty(env.CX_CLIENT_SECRET)
    if (clientId === undefined || clientSecret === undefined) throw new Error('cx: CX_TOKEN_URL needs CX_CLIENT_ID and CX_CLIENT_SECRET')
    return clientCredentialsToken({ tokenUrl, clientId, clientSecret, ...(nonEmpty(env.CX_TOKEN_SCOPE) === undefined ? {} : { scope: String(env.CX_TOKEN_SCOPE) }) })
  }
  const fixed = nonEmpty(env.CX_SOURCE_TOKEN)
  if (fixed !== undefined) return fixed
  if (mode === 'embedded') return async () => await devIssueToken({ ...auth, mode: 'embedded' }, 'operator')
  throw new Error('cx: set CX_TOKEN_URL, CX_CLIENT_ID and CX_CLIENT_SECRET (or CX_SOURCE_TOKEN) so cx can read the resource services as the operator')
}

function parseOrigins (raw: string | undefined): string | Partial<Record<EntityKind, string>> | undefined {
  if (raw === undefined) return undefined
  if (!raw.includes('=')) return checkUrl('CX_SOURCE_ORIGINS', raw)
  const out: Partial<Record<EntityKind, string>> = {}
  for (const pair of raw.split(',')) {
    const [name, url] = pair.split('=').map((s) => s.trim())
    if (name === undefined || url === undefined || !(ENTITY_KINDS as readonly string[]).includes(name)) throw new Error(`cx: CX_SOURCE_ORIGINS names an unknown source in ${JSON.stringify(pair)} (known: ${ENTITY_KINDS.join(', ')})`)
    out[name as EntityKind] = checkUrl('CX_SOURCE_ORIGINS', url)
  }
  return out
}

function checkUrl (name: string, value: string): string {
  try {
    const u = new URL(value)
    if (u.protocol === 'http:' || u.protocol === 'https:') return value
  } catch {}
  throw new Error(`cx: ${name} must hold http(s) URLs, got ${JSON.stringify(value)}`)
}
