import type { DashboardConfig } from './config-types.ts'

/**
 * The production dashboard's configuration from the environment:
 *
 * | variable | meaning |
 * |---|---|
 * | `DASHBOARD_API_ORIGIN` | origin of the CX Suite APIs, e.g. `https://api.example.com` (required; they must allow this origin with CORS, or sit behind the same origin: then `same-origin`) |
 * | `OIDC_AUTHORITY` | the OAuth2/OIDC issuer URL (required) |
 * | `OIDC_CLIENT_ID` | the dashboard's public client id at the provider (required) |
 * | `OIDC_SCOPE` | default `openid profile` |
 * | `OIDC_REDIRECT_URI` | default: the page's own URL |
 * | `OIDC_PARTNER_CLAIM` | the access-token claim naming the partner (default `partner_id`, as AUTH_PARTNER_CLAIM) |
 *
 * Throws an Error naming every missing or malformed variable.
 */
export function configFromEnv (env: Record<string, string | undefined>): DashboardConfig {
  const problems: string[] = []
  const origin = env.DASHBOARD_API_ORIGIN
  const authority = env.OIDC_AUTHORITY
  const clientId = env.OIDC_CLIENT_ID
  if (origin === undefined || origin === '') problems.push('DASHBOARD_API_ORIGIN is required (the APIs\' origin, or same-origin)')
  else if (origin !== 'same-origin' && !isHttpUrl(origin)) problems.push(`DASHBOARD_API_ORIGIN must be an http(s) origin or same-origin, not ${origin}`)
  if (authority === undefined || !isHttpUrl(authority)) problems.push('OIDC_AUTHORITY must be the provider\'s http(s) issuer URL')
  if (clientId === undefined || clientId === '') problems.push('OIDC_CLIENT_ID is required')
  if (env.OIDC_REDIRECT_URI !== undefined && !isHttpUrl(env.OIDC_REDIRECT_URI)) problems.push('OIDC_REDIRECT_URI must be an http(s) URL')
  if (problems.length > 0 || origin === undefined || authority === undefined || clientId === undefined) throw new Error(`dashboard configuration: ${problems.join('; ')}`)
  return {
    apiOrigin: origin === 'same-origin' ? '' : new URL(origin).origin,
    auth: {
      kind: 'oidc',
      authority,
      clientId,
      scope: env.OIDC_SCOPE ?? 'openid profile',
      ...(env.OIDC_REDIRECT_URI === undefined ? {} : { redirectUri: env.OIDC_REDIRECT_URI }),
      ...(env.OIDC_PARTNER_CLAIM === undefined ? {} : { partnerClaim: env.OIDC_PARTNER_CLAIM })
    }
  }
}

function isHttpUrl (s: string): boolean {
  try {
    const u = new URL(s)
    return u.protocol === 'https:' || u.protocol === 'http:'
  } catch {
    return false
  }
}
