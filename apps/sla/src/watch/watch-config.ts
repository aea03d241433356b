import { devIssueToken, type AuthConfig } from '@cx/auth'
import type { TokenSource } from '@cx/clients'
import { clientCredentialsToken } from '@cx/hub-subscriber'
import type { SlaWatchOptions } from './plugin.ts'
import type { WatchedSource } from './sources.ts'

// Embedded mode only: one process signs and verifies its own subscriptions.
const DEV_HUB_SECRET = 'sla-suite-embedded-dev-hub-secret'
const NAMES: ReadonlyArray<WatchedSource['name']> = ['troubleTicket', 'productOrder']

const nonEmpty = (v: string | undefined): string | undefined => (v === undefined || v === '' ? undefined : v)

/**
 * The SLA watcher's settings from the environment (README "Configuration"), or undefined when it
 * is off: `SLA_WATCH` (default on in embedded mode, else on when SLA_SOURCE_ORIGINS is set),
 * `SLA_HUB_SECRET` (≥ 16 characters outside embedded mode), `SLA_SOURCE_ORIGINS` (one origin, or
 * `troubleTicket=http://…,productOrder=http://…`), `SLA_CALLBACK_BASE`, `SLA_CHECK_INTERVAL_MS`,
 * `SLA_JEOPARDY_FRACTION` (0–1 exclusive, default 0.8), and the operator credentials for the
 * sources: `SLA_TOKEN_URL` + `SLA_CLIENT_ID` + `SLA_CLIENT_SECRET`, or `SLA_SOURCE_TOKEN`.
 * Throws an Error naming the variable when a value is missing or malformed.
 */
export function slaWatchFromEnv (env: NodeJS.ProcessEnv, mode: 'embedded' | 'production', auth: AuthConfig): SlaWatchOptions | undefined {
  const origins = nonEmpty(env.SLA_SOURCE_ORIGINS)
  const on = nonEmpty(env.SLA_WATCH)
  if (on !== undefined && on !== 'true' && on !== 'false') throw new Error(`sla: SLA_WATCH must be true or false, got ${on}`)
  if (on === 'false' || (on === undefined && mode !== 'embedded' && origins === undefined)) return undefined
  const secret = nonEmpty(env.SLA_HUB_SECRET) ?? (mode === 'embedded' ? DEV_HUB_SECRET : undefined)
  if (secret === undefined || secret.length < 16) throw new Error('sla: SLA_HUB_SECRET must be set to at least 16 characters (it signs the ticket and order hubs\' callbacks)')
  const opts: SlaWatchOptions = { hubSecret: secret, token: tokenFromEnv(env, mode, auth) }
  if (origins !== undefined) opts.sourceOrigins = parseOrigins(origins)
  const callback = nonEmpty(env.SLA_CALLBACK_BASE)
  if (callback !== undefined) opts.callbackBase = checkUrl('SLA_CALLBACK_BASE', callback)
  const interval = nonEmpty(env.SLA_CHECK_INTERVAL_MS)
  if (interval !== undefined) {
    if (!/^[1-9]\d*$/.test(interval)) throw new Error(`sla: SLA_CHECK_INTERVAL_MS must be a positive integer, got ${interval}`)
    opts.checkIntervalMs = Number(interval)
  }
  const fraction = nonEmpty(env.SLA_JEOPARDY_FRACTION)
  if (fraction !== undefined) {
    const f = Number(fraction)
    if (!(f > 0 && f < 1)) throw new Error(`sla: SLA_JEOPARDY_FRACTION must be a number between 0 and 1 (exclusive), got ${fraction}`)
    opts.jeopardyFraction = f
  }
  return opts
}

function tokenFromEnv (env: NodeJS.ProcessEnv, mode: 'embedded' | 'production', auth: AuthConfig): TokenSource {
  const tokenUrl = nonEmpty(env.SLA_TOKEN_URL)
  if (tokenUrl !== undefined) {
    const clientId = nonEmpty(env.SLA_CLIENT_ID)
    const clientSecret = nonEmpty(env.SLA_CLIENT_SECRET)
    if (clientId === undefined || clientSecret === undefined) throw new Error('sla: SLA_TOKEN_URL needs SLA_CLIENT_ID and SLA_CLIENT_SECRET')
    return clientCredentialsToken({ tokenUrl, clientId, clientSecret })
  }
  const fixed = nonEmpty(env.SLA_SOURCE_TOKEN)
  if (fixed !== undefined) return fixed
  if (mode === 'embedded') return async () => await devIssueToken({ ...auth, mode: 'embedded' }, 'operator')
  throw new Error('sla: set SLA_TOKEN_URL, SLA_CLIENT_ID and SLA_CLIENT_SECRET (or SLA_SOURCE_TOKEN) so the watcher can read tickets and orders as the operator')
}

function parseOrigins (raw: string): string | Partial<Record<WatchedSource['name'], string>> {
  if (!raw.includes('=')) return checkUrl('SLA_SOURCE_ORIGINS', raw)
  const out: Partial<Record<WatchedSource['name'], string>> = {}
  for (const pair of raw.split(',')) {
    const [name, url] = pair.split('=').map((s) => s.trim())
    if (name === undefined || url === undefined || !(NAMES as readonly string[]).includes(name)) throw new Error(`sla: SLA_SOURCE_ORIGINS names an unknown source in ${JSON.stringify(pair)} (known: ${NAMES.join(', ')})`)
    out[name as WatchedSource['name']] = checkUrl('SLA_SOURCE_ORIGINS', url)
  }
  return out
}

function checkUrl (name: string, value: string): string {
  try {
    const u = new URL(value)
    if (u.protocol === 'http:' || u.protocol === 'https:') return value
  } catch {}
  throw new Error(`sla: ${name} must hold http(s) URLs, got ${JSON.stringify(value)}`)
}
