import t from 'tap'
import { tmfServerOptionsFromEnv } from '@cx/engine'
import { DEMO_PARTNERS } from './demo-parties.ts'
import { buildSuite } from './app.ts'

// The embedded suite serves the dashboard to browsers at / and keeps / a JSON index for API clients.
t.test('the embedded suite serves the dashboard at / to browsers, and keeps the API index and Swagger UI', async (t) => {
  const opts = tmfServerOptionsFromEnv({ CX_MODE: 'embedded' })
  const app = await buildSuite({ ...opts, db: { dataDir: 'memory://' }, logger: false, seed: false })
  t.teardown(() => app.close())

  const page = await app.inject({ method: 'GET', url: '/', headers: { accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' } })
  t.match(page.headers['content-type'], /^text\/html/)
  // Built: the app shell (200); not built yet: a page saying how to build it (503).
  t.match(page.body, /<title>CX Suite dashboard<\/title>/)
  t.ok([200, 503].includes(page.statusCode))

  const index = await app.inject({ method: 'GET', url: '/', headers: { accept: 'application/json' } })
  t.equal(index.statusCode, 200)
  t.ok((index.json() as { apis: unknown[] }).apis.length > 0, 'API clients still get the index of API roots')

  const config = await app.inject({ method: 'GET', url: '/dashboard/config.json' })
  t.same(config.json(), {
    apiOrigin: '',
    auth: { kind: 'dev', tokenPath: '/auth/token', identities: [{ id: 'operator', name: 'Operator' }, ...DEMO_PARTNERS.map((p) => ({ id: p.id, name: p.name }))], clientSecret: 'dev-secret' }
  })

  const docs = await app.inject({ method: 'GET', url: '/tmf-api/troubleTicket/v5/docs/' })
  t.equal(docs.statusCode, 200, 'Swagger UI still answers')
  const unknown = await app.inject({ method: 'GET', url: '/assets/nothing-here.js' })
  t.equal(unknown.statusCode, 404)
  t.equal((unknown.json() as { '@type': string })['@type'], 'Error', 'an unknown asset is a TMF Error 404')
})
