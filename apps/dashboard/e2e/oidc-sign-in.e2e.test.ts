import t from 'tap'
import { createHash } from 'node:crypto'
import Fastify, { type FastifyInstance } from 'fastify'
import { buildDashboardServer } from '../server/app.ts'
import { launchChromium } from './browser.ts'

// Production sign-in: the dashboard on its own static server, an OAuth2 provider on another
// origin. The provider here is a small stand-in that checks what RFC 6749 §4.1 and RFC 7636
// require of the client (code flow, S256 challenge, the verifier at the token endpoint), and also
// answers the API root with an empty list so the test can see which token the dashboard sends.

const CLIENT_ID = 'cx-dashboard'
const b64url = (b: Buffer | string): string => Buffer.from(b).toString('base64url')
const ACCESS_TOKEN = `${b64url('{"alg":"none"}')}.${b64url(JSON.stringify({ sub: 'jane', partner_id: 'fibreco', roles: ['partner'], exp: Math.floor(Date.now() / 1000) + 3600 }))}.sig`

interface Seen { authorize?: Record<string, string>, token?: Record<string, string>, apiAuthorization?: string }

async function provider (seen: Seen): Promise<{ app: FastifyInstance, url: string }> {
  const app = Fastify()
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) => { done(null, Object.fromEntries(new URLSearchParams(String(body)))) })
  // The browser calls discovery, the token endpoint and the API from the dashboard's origin.
  app.addHook('onSend', async (_req, reply) => {
    reply.header('access-control-allow-origin', '*')
    reply.header('access-control-allow-headers', 'authorization, content-type')
    reply.header('access-control-expose-headers', 'x-total-count, x-result-count')
  })
  app.options('/*', async (_req, reply) => await reply.code(204).send())
  let url = ''
  const codes = new Map<string, { challenge: string, redirectUri: string }>()
  app.get('/.well-known/openid-configuration', async () => ({
    issuer: url,
    authorization_endpoint: `${url}/authorize`,
    token_endpoint: `${url}/token`,
    jwks_uri: `${url}/jwks`,
    response_types_supported: ['code'],
    code_challenge_methods_supported: ['S256'],
    grant_types_supported: ['authorization_code']
  }))
  app.get('/authorize', async (req, reply) => {
    const q = req.query as Record<string, string>
    seen.authorize = q
    const code = `code-${codes.size + 1}`
    codes.set(code, { challenge: q.code_challenge ?? '', redirectUri: q.redirect_uri ?? '' })
    return await reply.redirect(`${q.redirect_uri ?? ''}?code=${code}&state=${encodeURIComponent(q.state ?? '')}`)
  })
  app.post('/token', async (req, reply) => {
    const body = req.body as Record<string, string>
    seen.token = body
    const grant = codes.get(body.code ?? '')
    codes.delete(body.code ?? '')
    const verified = grant !== undefined && b64url(createHash('sha256').update(body.code_verifier ?? '').digest()) === grant.challenge && body.redirect_uri === grant.redirectUri
    if (!verified) return await reply.code(400).send({ error: 'invalid_grant' })
    return { access_token: ACCESS_TOKEN, token_type: 'Bearer', expires_in: 3600, scope: 'cx' }
  })
  app.get('/tmf-api/*', async (req, reply) => {
    seen.apiAuthorization = req.headers.authorization
    return await reply.header('x-total-count', '0').send([])
  })
  url = await app.listen({ host: '127.0.0.1', port: 0 })
  return { app, url }
}

t.test('production sign-in: authorization code with PKCE (S256), then the APIs get the access token', async (t) => {
  const seen: Seen = {}
  const idp = await provider(seen)
  t.teardown(() => idp.app.close())
  const dashboard = await buildDashboardServer({ config: { apiOrigin: idp.url, auth: { kind: 'oidc', authority: idp.url, clientId: CLIENT_ID, scope: 'cx' } } })
  t.teardown(() => dashboard.close())
  const dashboardUrl = await dashboard.listen({ host: '127.0.0.1', port: 0 })
  const browser = await launchChromium()
  t.teardown(() => browser.close())
  const context = await browser.newContext()
  context.setDefaultTimeout(90_000)
  context.setDefaultNavigationTimeout(90_000)
  const page = await context.newPage()

  await page.goto(`${dashboardUrl}/`)
  await page.getByRole('button', { name: 'Sign in' }).press('Enter')
  await page.getByTestId('signed-in-as').waitFor()
  t.equal(await page.getByTestId('signed-in-as').textContent(), 'Partner fibreco', 'the partner named by the access token')

  t.match(seen.authorize, { response_type: 'code', client_id: CLIENT_ID, code_challenge_method: 'S256', scope: 'cx', redirect_uri: `${dashboardUrl}/` })
  t.match(seen.authorize?.code_challenge, /^[A-Za-z0-9_-]{43}$/, 'a base64url SHA-256 challenge')
  t.match(seen.token, { grant_type: 'authorization_code', client_id: CLIENT_ID, code: 'code-1' })
  t.ok((seen.token?.code_verifier?.length ?? 0) >= 43, 'the verifier is sent to the token endpoint (RFC 7636 §4.1: 43–128 characters)')
  t.notMatch(page.url(), /code=|state=/, 'the code leaves the address bar at once')

  await page.getByTestId('empty').waitFor()
  t.equal(seen.apiAuthorization, `Bearer ${ACCESS_TOKEN}`, 'the APIs get the access token of the code exchange')
  t.notOk(await page.evaluate(() => JSON.stringify(window.localStorage).includes('access_token')), 'no token in localStorage (per-tab sessionStorage only)')
})
