import { createHash, timingSafeEqual } from 'node:crypto'
import { parse as parseQueryString } from 'node:querystring'
import type { FastifyInstance, FastifyPluginAsync, FastifyReply } from 'fastify'
import { readClientCredentials } from './client-credentials.ts'
import type { OAuthError } from './client-credentials.ts'
import { DEFAULT_DEV_CLIENT_SECRET } from './config.ts'
import type { AuthConfig } from './config.ts'
import { mintDevToken } from './dev-issuer.ts'

export const TOKEN_PATH = '/auth/token'
const FORM = 'application/x-www-form-urlencoded'

/**
 * The embedded dev issuer: POST /auth/token, OAuth2 client-credentials. Registered as an
 * encapsulated plugin so its form parser does not make every other route accept form bodies.
 */
/** A token the dev issuer granted, for the audit trail (the client's secret is never passed on). */
export interface DevLogin { clientId: string, roles: readonly string[], requestId: string }

export const tokenRoute: FastifyPluginAsync<{ config: AuthConfig, onLogin?: ((login: DevLogin) => Promise<void>) | undefined }> = async (fastify, { config, onLogin }) => {
  // Several apps share one server in embedded mode, and each registers the auth plugin.
  if (fastify.hasRoute({ method: 'POST', url: `${fastify.prefix}${TOKEN_PATH}` })) return
  addFormParser(fastify)
  const devSecret = config.devClientSecret ?? DEFAULT_DEV_CLIENT_SECRET

  fastify.post(TOKEN_PATH, async (request, reply) => {
    // RFC 6749 §5.1: token responses must not be cached.
    reply.header('cache-control', 'no-store').header('pragma', 'no-cache')
    const read = readClientCredentials(request.body, request.headers.authorization)
    if (!read.ok) return sendOAuthError(reply, read.error)
    const { clientId, clientSecret, basic } = read.request
    if (!sameSecret(clientSecret, devSecret)) {
      return sendOAuthError(reply, { statusCode: 401, error: 'invalid_client', description: 'unknown client or wrong client_secret', basic })
    }
    // The requested scope is deliberately ignored: roles follow from the client id alone, and
    // echoing `scope` into the token would let a partner ask for 'operator'.
    const { token, expiresIn, roles } = await mintDevToken(config, clientId)
    // Recorded before the token leaves: a login the audit trail could not record is refused (5xx).
    await onLogin?.({ clientId, roles, requestId: request.id })
    return { access_token: token, token_type: 'Bearer', expires_in: expiresIn, scope: roles.join(' ') }
  })
}

function addFormParser (fastify: FastifyInstance): void {
  // The parser may already exist when the host app (or an outer auth registration) added one.
  if (fastify.hasContentTypeParser(FORM)) return
  fastify.addContentTypeParser(FORM, { parseAs: 'string' }, (_request, body, done) => {
    done(null, parseQueryString(body as string))
  })
}

function sendOAuthError (reply: FastifyReply, { statusCode, error, description, basic }: OAuthError): FastifyReply {
  if (statusCode === 401 && basic) reply.header('www-authenticate', 'Basic realm="cx-suite"')
  return reply.code(statusCode).send({ error, error_description: description })
}

// Compare digests so neither the content nor the length of the secret leaks through timing.
function sameSecret (given: string, expected: string): boolean {
  const digest = (value: string): Buffer => createHash('sha256').update(value).digest()
  return timingSafeEqual(digest(given), digest(expected))
}
