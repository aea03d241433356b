// RFC 6750 §2.1: the scheme is case-insensitive and the token is a b64token.
const BEARER = /^Bearer +([A-Za-z0-9\-._~+/]+=*) *$/i

/** The token of an `Authorization: Bearer <token>` header, or null when the header is anything else. */
export function bearerTokenOf (authorization: string): string | null {
  return BEARER.exec(authorization)?.[1] ?? null
}
