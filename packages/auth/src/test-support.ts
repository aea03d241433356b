// Shared by the tap tests (not exported by the package): a real Fastify app with the auth plugin,
// the error handler the suite installs elsewhere, and a route that shows the principal.
import Fastify from 'fastify'
import type { FastifyInstance } from 'fastify'
import { SignJWT } from 'jose'
import type { CryptoKey, JWTPayload } from 'jose'
import { isTmfError } from '@cx/errors'
import type { AuthConfig } from './config.ts'
import { authPlugin } from './plugin.ts'

export const SECRET = 'test-shared-secret-with-32-bytes-or-more'
export const ISSUER = 'https://idp.example.test/realms/cx'
export const AUDIENCE = 'cx-suite'

export const hsConfig = (overrides: Partial<AuthConfig> = {}): AuthConfig =>
  ({ mode: 'production', hs256Secret: SECRET, issuer: ISSUER, audience: AUDIENCE, ...overrides })

export async function buildTestApp (config: AuthConfig, publicPaths?: (url: string) => boolean): Promise<FastifyInstance> {
  const app = Fastify()
  app.setErrorHandler((err, _request, reply) => {
    if (isTmfError(err)) return reply.code(err.statusCode).send(err.toBody())
    return reply.send(err)
  })
  await app.register(authPlugin, publicPaths === undefined ? { config } : { config, publicPaths })
  app.get('/whoami', async request => request.principal)
  app.get('/health', async () => ({ status: 'up' }))
  await app.ready()
  return app
}

export interface SignOptions {
  key?: Uint8Array | CryptoKey
  alg?: string
  kid?: string
  issuer?: string | null
  audience?: string | null
  /** Seconds from now; negative for an already expired token; null for no `exp` at all. */
  expiresIn?: number | null
}

export async function signToken (claims: JWTPayload, options: SignOptions = {}): Promise<string> {
  const { key = new TextEncoder().encode(SECRET), alg = 'HS256', kid, issuer = ISSUER, audience = AUDIENCE, expiresIn = 3600 } = options
  const now = Math.floor(Date.now() / 1000)
  const jwt = new SignJWT(claims).setProtectedHeader(kid === undefined ? { alg } : { alg, kid }).setIssuedAt(now - 5)
  if (issuer !== null) jwt.setIssuer(issuer)
  if (audience !== null) jwt.setAudience(audience)
  if (expiresIn !== null) jwt.setExpirationTime(now + expiresIn)
  return await jwt.sign(key)
}

export const bearer = (token: string): Record<string, string> => ({ authorization: `Bearer ${token}` })

export const UNAUTHORIZED_BODY = { '@type': 'Error', code: 'ERR401', reason: 'Unauthorized', status: '401' }
