import t from 'tap'
import { deleteRedisKeys, redisPrefix, storeKinds, TEST_REDIS_URL } from '@cx/test-kit'
import { as, startTroubleTickets, V5 } from './test-support.ts'

const LIST = `${V5}/troubleTicket`

for (const kind of storeKinds()) {
  t.test(`edge protection on ${kind}`, async (t) => {
    t.test('rate limit per partner: a TMF 429 with Retry-After, other partners unaffected', async (t) => {
      const app = await startTroubleTickets(t, kind, { edge: { rateLimit: { max: 3, windowMs: 60_000, tokenMax: 0 } } })
      const fibernet = as(app, 'fibernet')
      for (let i = 0; i < 3; i++) t.equal((await fibernet({ url: LIST })).statusCode, 200)
      const refused = await fibernet({ url: LIST })
      t.equal(refused.statusCode, 429)
      t.match(refused.json(), { '@type': 'Error', code: 'ERR429-RATE-LIMIT', reason: 'Too Many Requests', status: '429', message: /3 requests per 60 s/ })
      t.match(refused.headers['retry-after'], /^\d+$/)
      t.ok(Number(refused.headers['retry-after']) > 0 && Number(refused.headers['retry-after']) <= 60)
      t.equal(refused.headers['x-request-id'] !== undefined, true)
      t.equal((await as(app, 'acme')({ url: LIST })).statusCode, 200, 'another partner has its own budget')
      t.equal((await app.inject({ url: '/health/live' })).statusCode, 200, 'probes are never limited')
      t.equal((await app.inject({ url: '/metrics' })).statusCode, 200, 'nor scrapes')
    })

    t.test('with Redis, replicas share one budget per partner', async (t) => {
      const prefix = await redisPrefix(t)
      t.teardown(async () => { await deleteRedisKeys('cx-rate-limit:*partner:shared-' + prefix + '*') })
      const edge = { rateLimit: { max: 4, windowMs: 60_000, tokenMax: 0 } }
      const one = await startTroubleTickets(t, kind, { edge, redisUrl: TEST_REDIS_URL })
      const two = await startTroubleTickets(t, kind, { edge, redisUrl: TEST_REDIS_URL })
      const who = `shared-${prefix}`
      const statuses: number[] = []
      for (let i = 0; i < 3; i++) statuses.push((await as(one, who)({ url: LIST })).statusCode, (await as(two, who)({ url: LIST })).statusCode)
      t.same(statuses, [200, 200, 200, 200, 429, 429], 'the fifth call is refused whichever replica gets it')
    })

    t.test('POST /auth/token is limited per client address; trustProxy decides the address', async (t) => {
      const app = await startTroubleTickets(t, kind, { mode: 'embedded', auth: { mode: 'embedded' }, edge: { rateLimit: { max: 0, windowMs: 60_000, tokenMax: 2 }, trustProxy: true } })
      const token = async (forwardedFor: string) => await app.inject({
        method: 'POST',
        url: '/auth/token',
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': forwardedFor },
        payload: 'grant_type=client_credentials&client_id=fibernet&client_secret=dev-secret'
      })
      t.equal((await token('203.0.113.7')).statusCode, 200)
      t.equal((await token('203.0.113.7')).statusCode, 200)
      const refused = await token('203.0.113.7')
      t.equal(refused.statusCode, 429)
      t.match(refused.json(), { '@type': 'Error', code: 'ERR429-RATE-LIMIT' })
      t.ok(refused.headers['retry-after'])
      t.equal((await token('198.51.100.9')).statusCode, 200, 'another client address has its own budget')

      // Each granted token is in the audit trail (the dev issuer's logins).
      const logins = await app.inject({ url: '/tmf-api/audit/v1/auditRecord?action=login' })
      t.equal(logins.statusCode, 200)
      t.equal(logins.json().length, 3)
      t.match(logins.json()[0], { action: 'login', actor: 'fibernet', partnerId: 'fibernet', api: 'auth', resource: { id: 'fibernet', '@referredType': 'Client' } })
    })

    t.test('CORS for configured origins only; security headers that Swagger UI works under', async (t) => {
      const app = await startTroubleTickets(t, kind, { edge: { corsOrigins: ['https://agent.example.com'] } })
      const allowed = await app.inject({ method: 'OPTIONS', url: LIST, headers: { origin: 'https://agent.example.com', 'access-control-request-method': 'PATCH', 'access-control-request-headers': 'authorization,if-match' } })
      t.equal(allowed.statusCode, 204)
      t.equal(allowed.headers['access-control-allow-origin'], 'https://agent.example.com')
      t.match(allowed.headers['access-control-allow-methods'], /PATCH/)
      const other = await app.inject({ method: 'OPTIONS', url: LIST, headers: { origin: 'https://evil.example.net', 'access-control-request-method': 'GET' } })
      t.equal(other.headers['access-control-allow-origin'], undefined)
      const listed = await as(app, 'operator')({ url: LIST, headers: { origin: 'https://agent.example.com' } })
      t.match(listed.headers['access-control-expose-headers'], /X-Total-Count/)

      t.equal(listed.headers['x-content-type-options'], 'nosniff')
      t.match(listed.headers['strict-transport-security'], /max-age=/)
      const docs = await app.inject({ url: `${V5}/docs/` })
      t.equal(docs.statusCode, 200)
      const csp = String(docs.headers['content-security-policy'])
      t.match(csp, /script-src 'self'/)
      // Every script and stylesheet the Swagger UI page loads is same-origin, as the policy requires.
      const sources = [...docs.body.matchAll(/<(?:script|link)[^>]+(?:src|href)="([^"]+)"/g)].map((m) => m[1] ?? '')
      t.ok(sources.length > 0)
      t.ok(sources.every((s) => !/^(https?:)?\/\//.test(s)), `no third-party asset: ${sources.join(', ')}`)
      t.notMatch(docs.body, /<script>(?!\s*<\/script>)/, 'no inline script')
    })
  })
}
