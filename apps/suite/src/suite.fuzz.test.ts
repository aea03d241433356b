import t from 'tap'
import fc from 'fast-check'
import type { FastifyInstance } from 'fastify'
import { bearer, startApp, storeKinds } from '@cx/test-kit'
import { buildSuite } from './app.ts'
import { SUITE_APIS } from './apis.ts'
import { bodyArb, callerArb, idSegment, METHODS, queryString, type BodyKind, type FuzzRequest, type Method, type RouteInfo } from './fuzz/arbitraries.ts'

// A seeded, bounded fuzzer over every API root of the suite and every verb: hostile ids, query
// strings, bodies, media types, callers and hub callbacks. Whatever it sends, the answer is never
// a 5xx, every 4xx is a TMF Error, and the process keeps serving. FUZZ_SEED / FUZZ_RUNS explore
// further (the seed of a failure is printed by fast-check); the defaults keep a run well under a
// minute per store.
const SEED = Number(process.env.FUZZ_SEED ?? 20261124)
const RUNS = Number(process.env.FUZZ_RUNS ?? 700)

interface Doc { paths: Record<string, Record<string, { requestBody?: { content?: Record<string, { schema?: { $ref?: string } }> } }>>, components?: { schemas?: Record<string, { example?: unknown, examples?: unknown[], properties?: Record<string, unknown> }> } }

/** The routes each API root documents, with example bodies, plus the routes no document lists. */
async function discoverRoutes (app: FastifyInstance): Promise<{ routes: RouteInfo[], attributes: string[] }> {
  const routes: RouteInfo[] = []
  const attributes = new Set<string>(['relatedParty', 'partyOrPartyRole', 'role', 'id', 'href', '@type'])
  for (const api of SUITE_APIS) {
    for (const version of api.versions) {
      const root = `/tmf-api/${api.name}/${version}`
      const doc = (await app.inject({ method: 'GET', url: `${root}/openapi.json` })).json() as Doc
      const schemas = doc.components?.schemas ?? {}
      for (const schema of Object.values(schemas)) for (const name of Object.keys(schema.properties ?? {})) attributes.add(name)
      for (const [path, operations] of Object.entries(doc.paths)) {
        const ref = operations.post?.requestBody?.content?.['application/json']?.schema?.$ref
        const schema = ref === undefined ? undefined : schemas[ref.split('/').pop() ?? '']
        const examples = schema?.examples ?? (schema?.example === undefined ? [] : [schema.example])
        routes.push({ root, path, methods: Object.keys(operations).map((m) => m.toUpperCase()), examples, ids: [] })
      }
      routes.push({ root, path: '/docs', methods: ['GET'], examples: [], ids: [] }, { root, path: '/openapi.json', methods: ['GET'], examples: [], ids: [] })
    }
  }
  routes.push(
    { root: '', path: '/', methods: ['GET'], examples: [], ids: [] },
    { root: '', path: '/health', methods: ['GET'], examples: [], ids: [] },
    { root: '', path: '/docs', methods: ['GET'], examples: [], ids: [] },
    { root: '', path: '/auth/token', methods: ['POST'], examples: [], ids: [] },
    { root: '', path: '/cx/listener/{id}', methods: ['POST'], examples: [], ids: ['troubleTicket', 'customer', 'productOrder'] }
  )
  // v4 documents carry no examples: the same API's v5 example is a fair start for a v4 body.
  for (const route of routes) {
    if (route.examples.length > 0 || !route.methods.includes('POST')) continue
    const sibling = routes.find((r) => r.path === route.path && r.examples.length > 0 && r.root.split('/')[2] === route.root.split('/')[2])
    if (sibling !== undefined) route.examples = sibling.examples
  }
  return { routes, attributes: [...attributes].filter((a) => a.length > 0) }
}

/**
 * Creates one resource per documented example and one hub subscription per root (its callback a
 * closed port on loopback), so that ids of real resources are fuzzed too.
 */
async function createResources (app: FastifyInstance, routes: RouteInfo[]): Promise<RouteInfo[]> {
  const auth = await bearer('operator')
  const created = new Map<string, string[]>()
  for (const route of routes) {
    const bodies = route.path === '/hub' ? [{ callback: 'http://127.0.0.1:9/fuzz' }] : route.examples
    for (const example of bodies) {
      const res = await app.inject({ method: 'POST', url: `${route.root}${route.path}`, headers: { authorization: auth }, payload: example as Record<string, unknown> })
      if (res.statusCode === 201) created.set(`${route.root}${route.path}`, [...(created.get(`${route.root}${route.path}`) ?? []), String(res.json().id)])
    }
  }
  return routes.map((r) => ({ ...r, ids: r.path.endsWith('/{id}') ? [...r.ids, ...(created.get(`${r.root}${r.path.slice(0, -'/{id}'.length)}`) ?? [])] : r.ids }))
}

function bodyKind (route: RouteInfo, method: Method): BodyKind {
  if (route.path === '/hub' || route.path === '/hub/') return 'hub'
  if (method === 'PATCH') return 'patch'
  return route.examples.length > 0 ? 'create' : 'other'
}

function requestArb (routes: readonly RouteInfo[], attributes: readonly string[], collections: ReadonlyMap<string, RouteInfo>): fc.Arbitrary<FuzzRequest> {
  // Mostly an operation the documents declare; now and then any verb on any route.
  const declared = routes.flatMap((route) => route.methods.map((method) => ({ route, method: method as Method })))
  const operation = fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...declared) },
    { weight: 1, arbitrary: fc.record({ route: fc.constantFrom(...routes), method: fc.constantFrom(...METHODS) }) }
  )
  return operation.chain(({ route, method }) => {
    const examples = route.examples.length > 0 ? route.examples : (collections.get(`${route.root}${route.path.replace(/\/\{id\}.*$/, '')}`)?.examples ?? [])
    return fc.record({
      id: idSegment(route.ids),
      // Writes mostly without a query, so their bodies get as far as the store.
      query: fc.oneof({ weight: method === 'GET' || method === 'HEAD' ? 1 : 3, arbitrary: fc.constant('') }, { weight: 3, arbitrary: queryString(attributes) }),
      trailingSlash: fc.nat(3).map((n) => n === 0),
      body: bodyArb(bodyKind(route, method), examples),
      ifMatch: fc.option(fc.constantFrom('"1"', '"2"', '*', 'W/"1"', 'junk', '"\u0000"'), { nil: undefined, freq: 8 }),
      caller: callerArb
    }).map(({ id, query, trailingSlash, body, ifMatch, caller }): FuzzRequest => {
      const path = route.path.replace('{id}', id) + (trailingSlash ? '/' : '')
      const headers: Record<string, string> = {}
      if (caller !== null) headers.authorization = /^(Bearer|Basic) /.test(caller) ? caller : `@${caller}`
      if (ifMatch !== undefined) headers['if-match'] = ifMatch
      const withBody = body.payload !== undefined && method !== 'GET' && method !== 'HEAD'
      if (withBody) headers['content-type'] = body.contentType
      return { method, url: `${route.root}${path}${query}`, headers, ...(withBody ? { payload: body.payload } : {}), note: `${method} ${route.root}${route.path}` }
    })
  })
}

const describe = (req: FuzzRequest): string => `${req.method} ${req.url.slice(0, 300)} ${JSON.stringify(req.headers).slice(0, 300)} body=${String(req.payload ?? '').slice(0, 300)}`

for (const kind of storeKinds()) {
  t.test(`fuzzing every API root and verb on ${kind}: no 5xx, every 4xx a TMF Error, still serving`, async (t) => {
    const app = await startApp(t, buildSuite, kind, { seed: false, cx: { hubSecret: 'fuzz-secret-0123456789', token: async () => 'unused', sync: false } })
    const discovered = await discoverRoutes(app)
    const routes = await createResources(app, discovered.routes)
    t.ok(routes.length > 50, `${routes.length} routes over ${SUITE_APIS.length} APIs`)
    t.ok(routes.filter((r) => r.ids.length > 0).length >= 10, 'real resources and subscriptions to fuzz by id')
    const collections = new Map(routes.map((r) => [`${r.root}${r.path}`, r]))
    const tokens = new Map<string, string>()
    const statuses = new Map<number, number>()

    await fc.assert(fc.asyncProperty(requestArb(routes, discovered.attributes, collections), async (req) => {
      const auth = req.headers.authorization
      if (auth?.startsWith('@') === true) {
        const who = auth.slice(1)
        if (!tokens.has(who)) tokens.set(who, await bearer(who))
        req.headers.authorization = tokens.get(who) as string
      }
      const res = await app.inject({ method: req.method, url: req.url, headers: req.headers, ...(req.payload === undefined ? {} : { payload: req.payload }) })
      statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1)
      if (res.statusCode >= 500) throw new Error(`${res.statusCode} for ${describe(req)}: ${res.body.slice(0, 300)}`)
      if (res.statusCode >= 400 && req.method !== 'HEAD') {
        let body: Record<string, unknown>
        try {
          body = res.json()
        } catch {
          throw new Error(`${res.statusCode} without a JSON body for ${describe(req)}: ${res.body.slice(0, 300)}`)
        }
        if (body['@type'] !== 'Error' || body.status !== String(res.statusCode) || typeof body.code !== 'string' || typeof body.reason !== 'string') {
          throw new Error(`${res.statusCode} that is not a TMF Error for ${describe(req)}: ${res.body.slice(0, 300)}`)
        }
      }
    }), { seed: SEED, numRuns: RUNS, endOnFailure: false })
    t.comment(`statuses: ${JSON.stringify(Object.fromEntries([...statuses].sort((a, b) => a[0] - b[0])))}`)
    t.ok([...statuses.keys()].some((s) => s < 300) && [...statuses.keys()].some((s) => s >= 400), 'both successes and refusals were exercised')

    const health = await app.inject({ method: 'GET', url: '/health' })
    t.equal(health.statusCode, 200, 'the process is alive and healthy afterwards')
    const ticket = routes.find((r) => r.root === '/tmf-api/troubleTicket/v5' && r.path === '/troubleTicket')
    const created = await app.inject({ method: 'POST', url: '/tmf-api/troubleTicket/v5/troubleTicket', headers: { authorization: await bearer('operator') }, payload: ticket?.examples[0] as Record<string, unknown> })
    t.equal(created.statusCode, 201, `and still takes writes${created.statusCode === 201 ? '' : `: ${created.body.slice(0, 300)}`}`)
  })
}
