import t from 'tap'
import Fastify from 'fastify'
import { ANONYMOUS_OPERATOR } from './principal.ts'
import { authPlugin } from './plugin.ts'
import { AUDIENCE, ISSUER, UNAUTHORIZED_BODY, bearer, buildTestApp, hsConfig, signToken } from './test-support.ts'

t.test('production, HS256', async t => {
  const app = await buildTestApp(hsConfig(), url => url === '/health')
  t.teardown(() => app.close())
  const get = async (headers: Record<string, string> = {}, url = '/whoami') => await app.inject({ method: 'GET', url, headers })

  t.test('a valid token gives the principal with partner and roles', async t => {
    const res = await get(bearer(await signToken({ sub: 'svc-acme', partner_id: 'acme', roles: ['partner'] })))
    t.equal(res.statusCode, 200)
    t.same(res.json(), { subject: 'svc-acme', partnerId: 'acme', roles: ['partner'], isOperator: false, anonymous: false })
  })

  t.test('an operator token', async t => {
    const res = await get(bearer(await signToken({ sub: 'ops', roles: ['operator'] })))
    t.same(res.json(), { subject: 'ops', partnerId: null, roles: ['operator'], isOperator: true, anonymous: false })
  })

  t.test('a Keycloak-shaped token (realm_access.roles, azp)', async t => {
    const token = await signToken({ sub: '0c1e-service-account', azp: 'fibernet', typ: 'Bearer', realm_access: { roles: ['partner'] }, scope: 'profile' })
    const res = await get(bearer(token))
    t.equal(res.statusCode, 200)
    t.same(res.json(), { subject: '0c1e-service-account', partnerId: 'fibernet', roles: ['partner', 'profile'], isOperator: false, anonymous: false })
  })

  const rejected: Array<[string, () => Promise<string>, RegExp]> = [
    ['expired', async () => await signToken({ sub: 's', partner_id: 'acme' }, { expiresIn: -60 }), /expired/],
    ['wrong issuer', async () => await signToken({ sub: 's', partner_id: 'acme' }, { issuer: 'https://evil.example.test' }), /"iss"/],
    ['no issuer', async () => await signToken({ sub: 's', partner_id: 'acme' }, { issuer: null }), /"iss"/],
    ['wrong audience', async () => await signToken({ sub: 's', partner_id: 'acme' }, { audience: 'someone-else' }), /"aud"/],
    ['wrong signature', async () => await signToken({ sub: 's', partner_id: 'acme' }, { key: new TextEncoder().encode('another-secret-another-secret-xx') }), /signature/],
    ['no exp', async () => await signToken({ sub: 's', partner_id: 'acme' }, { expiresIn: null }), /"exp"/],
    ['no partner', async () => await signToken({ sub: 's', roles: ['partner'] }), /partner/],
    ['alg none', async () => `${b64({ alg: 'none' })}.${b64({ sub: 's', partner_id: 'acme', iss: ISSUER, aud: AUDIENCE, exp: 9_999_999_999 })}.`, /algorithm/],
    ['garbage', async () => 'not.a.jwt', /invalid token/],
    ['garbage without dots', async () => 'abc', /invalid token/]
  ]
  for (const [name, makeToken, message] of rejected) {
    t.test(`${name} → 401 TMF error`, async t => {
      const res = await get(bearer(await makeToken()))
      t.equal(res.statusCode, 401)
      t.match(res.json(), { ...UNAUTHORIZED_BODY, message })
      t.equal(res.headers['www-authenticate'], 'Bearer realm="cx-suite", error="invalid_token"')
    })
  }

  t.test('no Authorization header → 401 with a Bearer challenge', async t => {
    const res = await get()
    t.equal(res.statusCode, 401)
    t.match(res.json(), { ...UNAUTHORIZED_BODY, message: /missing bearer token/ })
    t.equal(res.headers['www-authenticate'], 'Bearer realm="cx-suite"')
  })

  t.test('a malformed Authorization header → 401', async t => {
    for (const authorization of ['Basic dXNlcjpwYXNz', 'Bearer', 'Bearer a b', '']) {
      const res = await get({ authorization })
      t.equal(res.statusCode, 401, JSON.stringify(authorization))
      t.match(res.json(), { ...UNAUTHORIZED_BODY, message: /malformed/ })
    }
  })

  t.test('a public path works anonymously, with no roles and no partner', async t => {
    const health = await get({}, '/health?verbose=1')
    t.equal(health.statusCode, 200)
    t.same(health.json(), { status: 'up' })
    const app2 = await buildTestApp(hsConfig(), url => url === '/whoami')
    t.teardown(() => app2.close())
    const res = await app2.inject({ url: '/whoami', headers: { authorization: 'garbage' } })
    t.same(res.json(), { subject: 'anonymous', partnerId: null, roles: [], isOperator: false, anonymous: true }, 'not authenticated at all, even with a bad header')
  })
})

t.test('embedded mode', async t => {
  const app = await buildTestApp(hsConfig({ mode: 'embedded' }), url => url.startsWith('/health'))
  t.teardown(() => app.close())

  t.test('no header → the anonymous operator', async t => {
    const res = await app.inject({ url: '/whoami' })
    t.equal(res.statusCode, 200)
    t.same(res.json(), ANONYMOUS_OPERATOR)
  })

  t.test('a token still authenticates as its principal', async t => {
    const res = await app.inject({ url: '/whoami', headers: bearer(await signToken({ sub: 's', partner_id: 'acme', roles: ['partner'] })) })
    t.equal(res.json().partnerId, 'acme')
  })

  t.test('a bad token or malformed header is still 401', async t => {
    t.equal((await app.inject({ url: '/whoami', headers: bearer('nope') })).statusCode, 401)
    t.equal((await app.inject({ url: '/whoami', headers: { authorization: 'Basic x' } })).statusCode, 401)
  })

  t.test('a public path is the anonymous operator', async t => {
    t.equal((await app.inject({ url: '/health' })).statusCode, 200)
  })
})

t.test('several apps on one server can each register the plugin (embedded suite)', async t => {
  const app = Fastify()
  const config = hsConfig({ mode: 'embedded' })
  for (const name of ['customer', 'ticket']) {
    await app.register(async child => {
      await child.register(authPlugin, { config })
      child.get(`/${name}/whoami`, async request => request.principal)
    })
  }
  await app.ready()
  t.teardown(() => app.close())
  t.equal((await app.inject({ url: '/ticket/whoami' })).json().isOperator, true)
  const token = await app.inject({ method: 'POST', url: '/auth/token', payload: { grant_type: 'client_credentials', client_id: 'acme', client_secret: 'dev-secret' } })
  t.equal(token.statusCode, 200, 'one token route for all of them')
  const res = await app.inject({ url: '/customer/whoami', headers: bearer(token.json().access_token) })
  t.equal(res.json().partnerId, 'acme')
})

t.test('production does not serve the dev issuer', async t => {
  const app = await buildTestApp(hsConfig(), url => url === '/auth/token')
  t.teardown(() => app.close())
  const res = await app.inject({ method: 'POST', url: '/auth/token', payload: { grant_type: 'client_credentials', client_id: 'acme', client_secret: 'dev-secret' } })
  t.equal(res.statusCode, 404)
})

t.test('registering without usable keys fails at start-up', async t => {
  const app = Fastify()
  await t.rejects(async () => {
    await app.register(authPlugin, { config: { mode: 'production' } })
    await app.ready()
  }, /AUTH_JWT_SECRET or AUTH_JWKS_URL/)
})

function b64 (value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url')
}
