import t from 'tap'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { exportJWK, generateKeyPair, type CryptoKey, type JWK } from 'jose'
import { authConfigFromEnv } from './config.ts'
import { bearer, buildTestApp, signToken, AUDIENCE, ISSUER } from './test-support.ts'

// A local JWKS endpoint whose published keys the test changes, as an IdP does when it rotates.
async function startKeySet (t: { teardown: (fn: () => unknown) => void }, keys: JWK[]): Promise<{ url: string, publish: (next: JWK[]) => void, fetches: () => number }> {
  let published = keys
  let fetches = 0
  const server = createServer((_request, response) => {
    fetches++
    response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: published }))
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  t.teardown(() => { server.close() })
  const { port } = server.address() as AddressInfo
  return { url: `http://127.0.0.1:${port}/realms/cx/protocol/openid-connect/certs`, publish: (next) => { published = next }, fetches: () => fetches }
}

t.test('a key rotated in at the IdP is fetched by its new kid, without a restart', async t => {
  const k1 = await generateKeyPair('RS256', { extractable: true })
  const k2 = await generateKeyPair('RS256', { extractable: true })
  const jwk1 = { ...(await exportJWK(k1.publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' }
  const jwk2 = { ...(await exportJWK(k2.publicKey)), kid: 'k2', alg: 'RS256', use: 'sig' }
  const idp = await startKeySet(t, [jwk1])
  // No cooldown, so the test needs no wait between the two fetches (the default is 30 s).
  const app = await buildTestApp({ mode: 'production', jwksUrl: idp.url, issuer: ISSUER, audience: AUDIENCE, jwksCooldownMs: 0 })
  t.teardown(() => app.close())
  const whoami = async (key: CryptoKey, kid: string, sub: string) =>
    await app.inject({ url: '/whoami', headers: bearer(await signToken({ sub, partner_id: 'fibernet' }, { key, alg: 'RS256', kid })) })

  t.equal((await whoami(k1.privateKey, 'k1', 'before')).statusCode, 200, 'the first key works')
  t.equal(idp.fetches(), 1)

  // Rotation: the IdP publishes k2 and retires k1.
  idp.publish([jwk2])
  const rotated = await whoami(k2.privateKey, 'k2', 'after')
  t.equal(rotated.statusCode, 200, 'a token signed with the new key is accepted')
  t.match(rotated.json(), { subject: 'after', partnerId: 'fibernet' })
  t.equal(idp.fetches(), 2, 'the unknown kid made the key set be fetched again')

  const retired = await whoami(k1.privateKey, 'k1', 'retired')
  t.equal(retired.statusCode, 401, 'a new token signed with the retired key is refused')
  t.match(retired.json(), { message: /no signing key/ })
})

t.test('AUTH_JWKS_COOLDOWN_MS and AUTH_JWKS_CACHE_MAX_AGE_MS are read, and malformed values refused', async t => {
  const env = { AUTH_JWKS_URL: 'https://idp.example.test/certs', AUTH_JWKS_COOLDOWN_MS: '5000', AUTH_JWKS_CACHE_MAX_AGE_MS: '60000' }
  t.match(authConfigFromEnv(env, 'production'), { jwksCooldownMs: 5000, jwksCacheMaxAgeMs: 60000 })
  t.throws(() => authConfigFromEnv({ ...env, AUTH_JWKS_COOLDOWN_MS: '-1' }, 'production'), /AUTH_JWKS_COOLDOWN_MS/)
  t.throws(() => authConfigFromEnv({ ...env, AUTH_JWKS_CACHE_MAX_AGE_MS: '10s' }, 'production'), /AUTH_JWKS_CACHE_MAX_AGE_MS/)
})
