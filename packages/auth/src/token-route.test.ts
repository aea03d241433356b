import t from 'tap'
import Fastify from 'fastify'
import { decodeJwt } from 'jose'
import { authPlugin } from './plugin.ts'
import { bearer, buildTestApp, hsConfig } from './test-support.ts'

const FORM = { 'content-type': 'application/x-www-form-urlencoded' }

t.test('embedded /auth/token', async t => {
  const app = await buildTestApp(hsConfig({ mode: 'embedded', devClientSecret: 'sesame', devTokenTtlSeconds: 600 }))
  t.teardown(() => app.close())
  const post = async (payload: string | object, headers: Record<string, string> = {}) =>
    await app.inject({ method: 'POST', url: '/auth/token', payload, headers })

  t.test('form-encoded client credentials', async t => {
    const res = await post('grant_type=client_credentials&client_id=acme&client_secret=sesame', FORM)
    t.equal(res.statusCode, 200)
    t.equal(res.headers['cache-control'], 'no-store')
    const body = res.json()
    t.match(body, { access_token: String, token_type: 'Bearer', expires_in: 600, scope: 'partner' })
    const claims = decodeJwt(body.access_token)
    t.match(claims, { sub: 'acme', partner_id: 'acme', roles: ['partner'], iss: 'https://idp.example.test/realms/cx', aud: 'cx-suite' })
    t.equal((claims.exp ?? 0) - (claims.iat ?? 0), 600)
  })

  t.test('JSON client credentials, and the token authenticates the next request', async t => {
    const res = await post({ grant_type: 'client_credentials', client_id: 'fibernet', client_secret: 'sesame', scope: 'operator' })
    t.equal(res.statusCode, 200)
    const who = await app.inject({ url: '/whoami', headers: bearer(res.json().access_token) })
    t.same(who.json(), { subject: 'fibernet', partnerId: 'fibernet', roles: ['partner'], isOperator: false, anonymous: false }, 'the requested scope grants nothing')
  })

  t.test('client_id operator gets an operator token', async t => {
    const res = await post('grant_type=client_credentials&client_id=operator&client_secret=sesame', FORM)
    const claims = decodeJwt(res.json().access_token)
    t.equal(claims.partner_id, undefined)
    const who = await app.inject({ url: '/whoami', headers: bearer(res.json().access_token) })
    t.same(who.json(), { subject: 'operator', partnerId: null, roles: ['operator'], isOperator: true, anonymous: false })
  })

  t.test('HTTP Basic client authentication', async t => {
    const basic = `Basic ${Buffer.from('acme:sesame').toString('base64')}`
    const res = await post('grant_type=client_credentials', { ...FORM, authorization: basic })
    t.equal(res.statusCode, 200)
    t.equal(decodeJwt(res.json().access_token).partner_id, 'acme')
    const wrong = await post('grant_type=client_credentials', { ...FORM, authorization: `Basic ${Buffer.from('acme:nope').toString('base64')}` })
    t.equal(wrong.statusCode, 401)
    t.equal(wrong.headers['www-authenticate'], 'Basic realm="cx-suite"')
  })

  t.test('a wrong secret → 401 invalid_client', async t => {
    const res = await post('grant_type=client_credentials&client_id=acme&client_secret=dev-secret', FORM)
    t.equal(res.statusCode, 401)
    t.match(res.json(), { error: 'invalid_client' })
    t.notOk(res.headers['www-authenticate'], 'no Basic challenge when the client did not use Basic')
  })

  t.test('missing credentials → 401 invalid_client', async t => {
    const res = await post({ grant_type: 'client_credentials', client_id: 'acme' })
    t.equal(res.statusCode, 401)
    t.match(res.json(), { error: 'invalid_client' })
  })

  t.test('a wrong grant type → 400 unsupported_grant_type', async t => {
    const res = await post('grant_type=password&username=a&password=b&client_id=acme&client_secret=sesame', FORM)
    t.equal(res.statusCode, 400)
    t.match(res.json(), { error: 'unsupported_grant_type' })
  })

  t.test('malformed requests → 400 invalid_request', async t => {
    for (const payload of [{ client_id: 'acme', client_secret: 'sesame' }, { grant_type: ['client_credentials'] }, [1, 2]]) {
      const res = await post(payload)
      t.equal(res.statusCode, 400, JSON.stringify(payload))
      t.match(res.json(), { error: 'invalid_request' })
    }
    const repeated = await post('grant_type=client_credentials&client_id=a&client_id=b&client_secret=sesame', FORM)
    t.match(repeated.json(), { error: 'invalid_request' }, 'a repeated parameter')
  })

  t.test('reachable even with a bad bearer header', async t => {
    const res = await post({ grant_type: 'client_credentials', client_id: 'acme', client_secret: 'sesame' }, { authorization: 'Bearer garbage' })
    t.equal(res.statusCode, 200)
  })

  t.test('the form parser does not leak to the app\'s other routes', async t => {
    const app2 = Fastify()
    await app2.register(authPlugin, { config: hsConfig({ mode: 'embedded' }) })
    app2.post('/echo', async request => request.body)
    await app2.ready()
    t.teardown(() => app2.close())
    t.notOk(app2.hasContentTypeParser('application/x-www-form-urlencoded'))
    t.equal((await app2.inject({ method: 'POST', url: '/echo', payload: 'a=1', headers: FORM })).statusCode, 415)
    t.equal((await app2.inject({ method: 'POST', url: '/echo', payload: { a: 1 } })).statusCode, 200)
  })
})

t.test('embedded defaults: dev-secret client secret, 3600 s tokens', async t => {
  const app = await buildTestApp({ mode: 'embedded', issuer: 'cx-suite-dev', audience: 'cx-suite' })
  t.teardown(() => app.close())
  const res = await app.inject({ method: 'POST', url: '/auth/token', payload: { grant_type: 'client_credentials', client_id: 'acme', client_secret: 'dev-secret' } })
  t.equal(res.statusCode, 200)
  t.equal(res.json().expires_in, 3600)
  t.equal((await app.inject({ url: '/whoami', headers: bearer(res.json().access_token) })).json().partnerId, 'acme')
})
