import t from 'tap'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { exportJWK, generateKeyPair } from 'jose'
import { UNAUTHORIZED_BODY, bearer, buildTestApp, signToken, AUDIENCE, ISSUER } from './test-support.ts'

t.test('RS256 tokens verified against a JWKS served over HTTP', async t => {
  const { publicKey, privateKey } = await generateKeyPair('RS256', { extractable: true })
  const stranger = await generateKeyPair('RS256')
  const jwk = { ...(await exportJWK(publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' }
  let fetches = 0
  const server = createServer((_request, response) => {
    fetches++
    response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [jwk] }))
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  t.teardown(() => { server.close() })
  const { port } = server.address() as AddressInfo

  const app = await buildTestApp({ mode: 'production', jwksUrl: `http://127.0.0.1:${port}/realms/cx/protocol/openid-connect/certs`, issuer: ISSUER, audience: AUDIENCE })
  t.teardown(() => app.close())
  const whoami = async (token: string) => await app.inject({ url: '/whoami', headers: bearer(token) })

  t.test('a token signed by the published key', async t => {
    const res = await whoami(await signToken({ sub: 'sa-1', azp: 'fibernet', realm_access: { roles: ['partner'] } }, { key: privateKey, alg: 'RS256', kid: 'k1' }))
    t.equal(res.statusCode, 200)
    t.same(res.json(), { subject: 'sa-1', partnerId: 'fibernet', roles: ['partner'], isOperator: false, anonymous: false })
  })

  t.test('the key set is fetched once and verifications are cached', async t => {
    const token = await signToken({ sub: 'ops', roles: ['operator'] }, { key: privateKey, alg: 'RS256', kid: 'k1' })
    const before = fetches
    t.equal((await whoami(token)).statusCode, 200)
    t.equal((await whoami(token)).statusCode, 200)
    t.equal(fetches, before, 'no re-fetch for a known kid')
  })

  t.test('a token signed by another key with the same kid → 401', async t => {
    const res = await whoami(await signToken({ sub: 's', partner_id: 'acme' }, { key: stranger.privateKey, alg: 'RS256', kid: 'k1' }))
    t.equal(res.statusCode, 401)
    t.match(res.json(), { ...UNAUTHORIZED_BODY, message: /signature/ })
  })

  t.test('an unknown kid → 401', async t => {
    const res = await whoami(await signToken({ sub: 's', partner_id: 'acme' }, { key: stranger.privateKey, alg: 'RS256', kid: 'k2' }))
    t.equal(res.statusCode, 401)
    t.match(res.json(), { message: /no signing key/ })
  })

  t.test('HMAC tokens are refused when only a JWKS is configured (no algorithm confusion)', async t => {
    const res = await whoami(await signToken({ sub: 's', partner_id: 'acme' }))
    t.equal(res.statusCode, 401)
    t.match(res.json(), { message: /algorithm/ })
  })
})

t.test('an unreachable key set is a 503, not the caller\'s fault', async t => {
  const server = createServer()
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  await new Promise(resolve => server.close(resolve))
  const app = await buildTestApp({ mode: 'production', jwksUrl: `http://127.0.0.1:${port}/certs` })
  t.teardown(() => app.close())
  const { privateKey } = await generateKeyPair('ES256')
  const res = await app.inject({ url: '/whoami', headers: bearer(await signToken({ sub: 's', partner_id: 'acme' }, { key: privateKey, alg: 'ES256', kid: 'k1' })) })
  t.equal(res.statusCode, 503)
  t.match(res.json(), { '@type': 'Error', code: 'ERR503', status: '503' })
})
