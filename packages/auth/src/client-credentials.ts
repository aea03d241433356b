/**
 * Reads an OAuth2 client-credentials token request (RFC 6749 §4.4): the form or JSON body, with
 * the client authenticated either by body fields or by HTTP Basic (§2.3.1), never both.
 */
export interface ClientCredentialsRequest {
  clientId: string
  clientSecret: string
  scope: string | undefined
  /** The client authenticated with HTTP Basic, so a rejection must challenge with Basic. */
  basic: boolean
}

export interface OAuthError {
  statusCode: 400 | 401
  error: 'invalid_request' | 'invalid_client' | 'unsupported_grant_type'
  description: string
  basic: boolean
}

export type ClientCredentialsResult = { ok: true, request: ClientCredentialsRequest } | { ok: false, error: OAuthError }

const INVALID = Symbol('invalid field')

export function readClientCredentials (body: unknown, authorization: string | undefined): ClientCredentialsResult {
  const basic = authorization !== undefined && /^basic /i.test(authorization)
  const fail = (statusCode: 400 | 401, error: OAuthError['error'], description: string): ClientCredentialsResult =>
    ({ ok: false, error: { statusCode, error, description, basic } })

  if (typeof body !== 'object' || body === null || Array.isArray(body)) return fail(400, 'invalid_request', 'expected a form or JSON object body')
  const fields = body as Record<string, unknown>
  const grantType = field(fields, 'grant_type')
  const bodyId = field(fields, 'client_id')
  const bodySecret = field(fields, 'client_secret')
  const scope = field(fields, 'scope')
  if (grantType === INVALID || bodyId === INVALID || bodySecret === INVALID || scope === INVALID) {
    return fail(400, 'invalid_request', 'each parameter must be a single string')
  }
  if (grantType === undefined) return fail(400, 'invalid_request', 'grant_type is required')
  if (grantType !== 'client_credentials') return fail(400, 'unsupported_grant_type', 'only grant_type=client_credentials is supported')

  let clientId = bodyId
  let clientSecret = bodySecret
  if (basic) {
    if (bodySecret !== undefined) return fail(400, 'invalid_request', 'use either HTTP Basic or client_secret, not both')
    const credentials = basicCredentials(authorization ?? '')
    if (credentials === null) return fail(401, 'invalid_client', 'malformed HTTP Basic credentials')
    if (bodyId !== undefined && bodyId !== credentials.id) return fail(400, 'invalid_request', 'client_id does not match HTTP Basic credentials')
    clientId = credentials.id
    clientSecret = credentials.secret
  }
  if (clientId === undefined || clientId === '' || clientSecret === undefined) {
    return fail(401, 'invalid_client', 'client_id and client_secret are required')
  }
  return { ok: true, request: { clientId, clientSecret, scope, basic } }
}

function field (fields: Record<string, unknown>, name: string): string | undefined | typeof INVALID {
  const value = fields[name]
  if (value === undefined) return undefined
  return typeof value === 'string' ? value : INVALID
}

// RFC 6749 §2.3.1: id and secret are form-urlencoded before being joined and base64-encoded.
function basicCredentials (authorization: string): { id: string, secret: string } | null {
  const decoded = Buffer.from(authorization.slice('basic '.length).trim(), 'base64').toString('utf8')
  const colon = decoded.indexOf(':')
  if (colon < 0) return null
  try {
    return { id: formDecode(decoded.slice(0, colon)), secret: formDecode(decoded.slice(colon + 1)) }
  } catch {
    return null
  }
}

function formDecode (value: string): string {
  return decodeURIComponent(value.replaceAll('+', ' '))
}
