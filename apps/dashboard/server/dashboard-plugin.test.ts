import t from 'tap'
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Fastify from 'fastify'
import { acceptsHtml, registerDashboard } from './dashboard-plugin.ts'
import { buildDashboardServer } from './app.ts'
import { configFromEnv } from './config-from-env.ts'
import type { DashboardConfig } from './config-types.ts'

const CONFIG: DashboardConfig = { apiOrigin: 'https://api.example.com', auth: { kind: 'oidc', authority: 'https://idp.example.com/realms/cx', clientId: 'dashboard', scope: 'openid' } }

/** A build like `vite build` makes: index.html and a hashed bundle under assets/. */
async function fakeDist (t: { teardown: (fn: () => Promise<void>) => void }): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'cx-dashboard-dist-'))
  t.teardown(async () => { await rm(dir, { recursive: true, force: true }) })
  await mkdir(join(dir, 'assets'))
  await writeFile(join(dir, 'index.html'), '<!doctype html><title>CX Suite dashboard</title><script src="/assets/index-abc.js"></script>')
  await writeFile(join(dir, 'assets', 'index-abc.js'), 'console.log(1)')
  return dir
}

t.test('the production server serves the shell, immutable assets and the configuration', async (t) => {
  const app = await buildDashboardServer({ config: CONFIG, distDir: await fakeDist(t) })
  t.teardown(() => app.close())
  const index = await app.inject({ method: 'GET', url: '/' })
  t.equal(index.statusCode, 200)
  t.match(index.headers['content-type'], /^text\/html/)
  t.equal(index.headers['cache-control'], 'no-cache', 'the shell is revalidated, so a new build is picked up')
  t.match(index.headers['content-security-policy'], /frame-ancestors 'none'/)
  const asset = await app.inject({ method: 'GET', url: '/assets/index-abc.js' })
  t.equal(asset.statusCode, 200)
  t.match(asset.headers['cache-control'], /immutable/)
  t.same((await app.inject({ method: 'GET', url: '/dashboard/config.json' })).json(), CONFIG)
  t.equal((await app.inject({ method: 'GET', url: '/assets/missing.js' })).statusCode, 404)
})

t.test('without a build, / says how to make one', async (t) => {
  const app = await buildDashboardServer({ config: CONFIG, distDir: join(tmpdir(), 'cx-dashboard-no-such-dist') })
  t.teardown(() => app.close())
  const res = await app.inject({ method: 'GET', url: '/' })
  t.equal(res.statusCode, 503)
  t.match(res.body, /pnpm --filter @cx\/dashboard build/)
})

t.test('negotiated root: browsers get the dashboard, other clients the host\'s own /', async (t) => {
  const app = Fastify()
  t.teardown(() => app.close())
  app.get('/', async () => ({ apis: [] }))
  await registerDashboard(app, { config: CONFIG, distDir: await fakeDist(t), negotiateRoot: true })
  const browser = await app.inject({ method: 'GET', url: '/?x=1', headers: { accept: 'text/html,application/xhtml+xml;q=0.9,*/*;q=0.8' } })
  t.match(browser.body, /CX Suite dashboard/)
  const client = await app.inject({ method: 'GET', url: '/', headers: { accept: 'application/json' } })
  t.same(client.json(), { apis: [] })
  const any = await app.inject({ method: 'GET', url: '/' })
  t.same(any.json(), { apis: [] }, 'no Accept: the JSON index')
})

t.test('acceptsHtml recognises text/html among the media ranges', async (t) => {
  t.ok(acceptsHtml('text/html'))
  t.ok(acceptsHtml('application/json, text/html;q=0.5'))
  t.notOk(acceptsHtml('text/htmlx'))
  t.notOk(acceptsHtml('*/*'))
  t.notOk(acceptsHtml(undefined))
})

t.test('production configuration from the environment', async (t) => {
  t.same(configFromEnv({ DASHBOARD_API_ORIGIN: 'https://api.example.com/ignored/path', OIDC_AUTHORITY: 'https://idp.example.com/realms/cx', OIDC_CLIENT_ID: 'dashboard', OIDC_PARTNER_CLAIM: 'org' }), {
    apiOrigin: 'https://api.example.com',
    auth: { kind: 'oidc', authority: 'https://idp.example.com/realms/cx', clientId: 'dashboard', scope: 'openid profile', partnerClaim: 'org' }
  })
  t.equal(configFromEnv({ DASHBOARD_API_ORIGIN: 'same-origin', OIDC_AUTHORITY: 'https://idp.example.com', OIDC_CLIENT_ID: 'd' }).apiOrigin, '')
  t.throws(() => configFromEnv({}), /DASHBOARD_API_ORIGIN is required.*OIDC_AUTHORITY.*OIDC_CLIENT_ID is required/)
  t.throws(() => configFromEnv({ DASHBOARD_API_ORIGIN: 'ftp://x', OIDC_AUTHORITY: 'https://idp', OIDC_CLIENT_ID: 'd', OIDC_REDIRECT_URI: 'nope' }), /DASHBOARD_API_ORIGIN must be.*OIDC_REDIRECT_URI must be/)
})
