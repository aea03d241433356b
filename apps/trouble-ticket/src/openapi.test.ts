import t from 'tap'
import { startTroubleTickets, V4, V5 } from './test-support.ts'

t.test('each API root serves its OpenAPI document and Swagger UI', async (t) => {
  const app = await startTroubleTickets(t, 'pglite')
  for (const root of [V5, V4]) {
    const res = await app.inject({ method: 'GET', url: `${root}/openapi.json` })
    t.equal(res.statusCode, 200, 'public: no token needed')
    const doc = res.json()
    t.equal(doc.openapi, '3.0.3')
    t.match(doc.info.title, /TMF621/)
    const ops = Object.values(doc.paths as Record<string, Record<string, { operationId?: string }>>).flatMap((p) => Object.values(p))
    t.ok(ops.length >= 9, `${root} documents every operation`)
    t.ok(ops.every((o) => typeof o.operationId === 'string'), 'every operation has an operationId')
    t.same(new Set(ops.map((o) => o.operationId)).size, ops.length, 'operationIds are unique')
    t.ok(doc.components.schemas.TroubleTicket, 'named component schemas')
    t.ok(doc.components.schemas.Error)
    t.equal(doc.servers[0].url, root, 'paths are relative to the API root, as in the official TMF OAS')
    t.ok(doc.paths['/troubleTicket'].post.requestBody.content['application/json'].schema.$ref)
    const ui = await app.inject({ method: 'GET', url: `${root}/docs/` })
    t.equal(ui.statusCode, 200)
    t.match(ui.body, 'static/swagger-ui.css')
    const css = await app.inject({ method: 'GET', url: `${root}/docs/static/swagger-ui.css` })
    t.equal(css.statusCode, 200, 'the UI assets are served under the API root')
  }
  const index = await app.inject({ method: 'GET', url: '/docs' })
  t.match(index.body, `${V5}/docs`)
})
