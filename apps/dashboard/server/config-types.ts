/**
 * The dashboard's runtime configuration, served as JSON at `/dashboard/config.json` by whoever
 * serves the assets (the suite in embedded mode, `server/server.ts` in production), so one build
 * runs anywhere.
 */
export interface DashboardConfig {
  /** Origin of the API roots (`https://api.example.com`); empty = the origin the page came from. */
  apiOrigin: string
  auth: DevAuthConfig | OidcAuthConfig
}

/** One identity the embedded dev issuer signs tokens for (`client_id`): the operator or a partner id. */
export interface DevIdentity { id: string, name: string }

/** Embedded mode: client-credentials tokens from the suite's dev issuer (`POST /auth/token`). */
export interface DevAuthConfig {
  kind: 'dev'
  /** Path of the issuer on the API origin, e.g. `/auth/token`. */
  tokenPath: string
  identities: DevIdentity[]
  /** Prefilled client secret (the suite's dev secret; it is printed by `pnpm start` anyway). */
  clientSecret?: string
}

/**
 * Production: an OAuth2/OIDC provider, authorization code flow with PKCE (RFC 7636) through
 * oidc-client-ts. The access token is sent to the APIs, which verify it (AUTH_JWKS_URL…).
 */
export interface OidcAuthConfig {
  kind: 'oidc'
  /** Issuer URL; its `/.well-known/openid-configuration` is read by oidc-client-ts. */
  authority: string
  clientId: string
  /** Requested scopes, e.g. `openid profile`. */
  scope: string
  /** Where the provider sends the browser back; default: the dashboard's own URL. */
  redirectUri?: string
  /** Access-token claim carrying the partner id (the APIs' AUTH_PARTNER_CLAIM); default `partner_id`. */
  partnerClaim?: string
}
