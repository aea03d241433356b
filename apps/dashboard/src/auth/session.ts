import { UserManager, WebStorageStateStore } from 'oidc-client-ts'
import type { DashboardConfig, OidcAuthConfig } from '../config.ts'
import { expiryOf, jwtClaims, principalOf, type Principal } from '../lib/principal.ts'

/** A signed-in caller: the bearer token the APIs get, and who it stands for. */
export interface Session {
  token: string
  principal: Principal
  /** Display name: the operator, or the partner's name when known. */
  label: string
  /** Seconds since the epoch; undefined when the token does not say. */
  expiresAt: number | undefined
}

// sessionStorage: the token lives as long as the tab and never reaches a URL.
const KEY = 'cx-dashboard.session'

export function loadSession (): Session | undefined {
  const raw = sessionStorage.getItem(KEY)
  if (raw === null) return undefined
  try {
    const s = JSON.parse(raw) as Session
    if (s.expiresAt !== undefined && s.expiresAt * 1000 <= Date.now()) { sessionStorage.removeItem(KEY); return undefined }
    return s
  } catch {
    sessionStorage.removeItem(KEY)
    return undefined
  }
}

export function saveSession (s: Session): void { sessionStorage.setItem(KEY, JSON.stringify(s)) }
export function clearSession (): void { sessionStorage.removeItem(KEY) }

/** A session from an access token; throws when the token names neither the operator nor a partner. */
export function sessionFromToken (token: string, label: string | undefined, partnerClaim?: string): Session {
  const claims = jwtClaims(token)
  const principal = claims === undefined ? undefined : principalOf(claims, partnerClaim)
  if (claims === undefined || principal === undefined) throw new Error('The token names neither the operator nor a partner.')
  return { token, principal, label: label ?? (principal.kind === 'operator' ? 'Operator' : principal.partnerId), expiresAt: expiryOf(claims) }
}

/**
 * Embedded mode: a client-credentials token (RFC 6749 §4.4) from the suite's dev issuer for
 * `clientId` (`operator` or a partner id). Throws an Error with the issuer's message on refusal.
 */
export async function devSignIn (apiOrigin: string, tokenPath: string, clientId: string, clientSecret: string, label: string): Promise<Session> {
  const body = new URLSearchParams({ grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret })
  let res: Response
  try {
    res = await fetch(`${apiOrigin}${tokenPath}`, { method: 'POST', body, headers: { accept: 'application/json' } })
  } catch {
    throw new Error('The token issuer could not be reached. Check that the suite is running (pnpm start).')
  }
  const json = await res.json().catch(() => ({})) as { access_token?: string, error_description?: string, message?: string, error?: string }
  if (!res.ok || json.access_token === undefined) {
    throw new Error(`Sign-in refused: ${json.error_description ?? json.message ?? json.error ?? `HTTP ${res.status}`}. Check the client secret.`)
  }
  return sessionFromToken(json.access_token, label)
}

/** The oidc-client-ts manager for the configured provider (authorization code + PKCE, its default). */
export function oidcManager (cfg: OidcAuthConfig): UserManager {
  const here = `${window.location.origin}${window.location.pathname}`
  return new UserManager({
    authority: cfg.authority,
    client_id: cfg.clientId,
    redirect_uri: cfg.redirectUri ?? here,
    post_logout_redirect_uri: here,
    response_type: 'code',
    scope: cfg.scope,
    userStore: new WebStorageStateStore({ store: window.sessionStorage })
  })
}

/** Whether the page was opened by the provider's redirect (RFC 6749 §4.1.2: `code` and `state`). */
export function isOidcCallback (): boolean {
  const q = new URLSearchParams(window.location.search)
  return q.has('state') && (q.has('code') || q.has('error'))
}

/**
 * Finishes an authorization-code sign-in: exchanges the code (with the PKCE verifier kept by
 * oidc-client-ts) and removes `code`/`state` from the address bar, so no code stays in history.
 */
export async function completeOidcSignIn (cfg: OidcAuthConfig): Promise<Session> {
  const user = await oidcManager(cfg).signinRedirectCallback()
  window.history.replaceState(null, '', window.location.pathname + window.location.hash)
  // Without an id_token (an OAuth2-only scope) the profile is empty: the token's claims decide.
  return sessionFromToken(user.access_token, typeof user.profile?.name === 'string' ? user.profile.name : undefined, cfg.partnerClaim)
}

/** Starts the provider sign-in (redirects the browser). */
export async function startOidcSignIn (cfg: OidcAuthConfig): Promise<void> {
  await oidcManager(cfg).signinRedirect()
}

/** Where a sign-out goes for the configured provider: the provider's end-session endpoint, or nowhere. */
export async function signOut (config: DashboardConfig): Promise<void> {
  clearSession()
  if (config.auth.kind === 'oidc') await oidcManager(config.auth).signoutRedirect().catch(() => undefined)
}
