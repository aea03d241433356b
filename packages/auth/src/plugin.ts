import fp from 'fastify-plugin'
import type { FastifyPluginAsync, FastifyReply } from 'fastify'
import { unauthorized } from '@cx/errors'
import { bearerTokenOf } from './bearer.ts'
import type { AuthConfig } from './config.ts'
import { ANONYMOUS_OPERATOR, ANONYMOUS_PUBLIC } from './principal.ts'
import type { Principal } from './principal.ts'
import { TOKEN_PATH, tokenRoute, type DevLogin } from './token-route.ts'
import { createTokenVerifier } from './verifier.ts'

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal
  }
}

export interface AuthPluginOptions {
  config: AuthConfig
  /** Paths (query string stripped) served without authentication: docs, health, /auth/token. */
  publicPaths?: (url: string) => boolean
  /** Called for every token the embedded dev issuer grants (the engine records it in the audit trail). */
  onLogin?: (login: DevLogin) => Promise<void>
}

const REALM = 'Bearer realm="cx-suite"'

/**
 * Authenticates every request of the app: `request.principal` is the verified caller. Embedded
 * mode lets callers without a token in as the anonymous operator and serves the dev issuer.
 */
const auth: FastifyPluginAsync<AuthPluginOptions> = async (fastify, { config, publicPaths, onLogin }) => {
  const verifier = createTokenVerifier(config)
  const embedded = config.mode === 'embedded'
  const unauthenticated = embedded ? ANONYMOUS_OPERATOR : ANONYMOUS_PUBLIC
  const tokenRouteUrl = `${fastify.prefix}${TOKEN_PATH}`

  // Several apps may register the plugin on one server (embedded mode); decorate once. No initial
  // value (Fastify refuses a shared object as one): the hook below always sets it.
  if (!fastify.hasRequestDecorator('principal')) fastify.decorateRequest('principal')

  fastify.addHook('onRequest', async (request, reply) => {
    // The token endpoint authenticates its client itself (possibly with an Authorization: Basic header).
    const isTokenRoute = embedded && request.routeOptions.url === tokenRouteUrl
    if (isTokenRoute || publicPaths?.(pathOf(request.url)) === true) {
      request.principal = unauthenticated
      return
    }
    const header = request.headers.authorization
    if (header === undefined) {
      if (embedded) {
        request.principal = ANONYMOUS_OPERATOR
        return
      }
      challenge(reply)
      throw unauthorized('missing bearer token')
    }
    const token = bearerTokenOf(header)
    if (token === null) {
      challenge(reply, 'invalid_request')
      throw unauthorized('malformed Authorization header: expected "Bearer <token>"')
    }
    try {
      request.principal = await verifier.verify(token)
    } catch (err) {
      challenge(reply, 'invalid_token')
      throw err
    }
  })

  if (embedded) await fastify.register(tokenRoute, { config, onLogin })
}

// RFC 6750 §3: a 401 tells the client which scheme to use and, when it sent one, what was wrong.
function challenge (reply: FastifyReply, error?: 'invalid_request' | 'invalid_token'): void {
  reply.header('www-authenticate', error === undefined ? REALM : `${REALM}, error="${error}"`)
}

function pathOf (url: string): string {
  const query = url.indexOf('?')
  return query < 0 ? url : url.slice(0, query)
}

export const authPlugin = fp(auth, { name: '@cx/auth', fastify: '5.x' })
