import Fastify, { type FastifyInstance } from 'fastify'
import { authPlugin } from '@cx/auth'
import { coreMigrations, DocumentStore } from '@cx/store'
import { createDeadLetterStore, createHubStore, eventsMigrations } from '@cx/events'
import type { ApiDeclaration } from '../resource/declaration.ts'
import { ResourceService } from '../resource/resource-service.ts'
import { resourceTableMigrations } from '../resource/resource-table.ts'
import { STRICT_INITIAL_STATE } from '../resource/lifecycle.ts'
import { SchemaValidator } from '../resource/validator.ts'
import { eventFormatter } from '../resource/event-formatter.ts'
import { eventQueryOptionsFor } from '../resource/event-query.ts'
import { commonSchemas } from '../schemas/common.ts'
import { tmfErrors } from '../http/error-handler.ts'
import { tmfContentTypes } from '../http/content-types.ts'
import { edgeRouterOptions, edgeServerOptions } from '../http/edge-errors.ts'
import { requestGuard } from '../http/request-guard.ts'
import { methodNotAllowed } from '../http/method-not-allowed.ts'
import { apiVersionPlugin } from '../http/api-plugin.ts'
import { database } from '../infra/database.ts'
import { relay } from '../infra/relay.ts'
import { healthRoutes } from '../health/health-routes.ts'
import type { TmfServerOptions } from './options.ts'
import { operability } from './operability.ts'

const IGNORE_TRAILING_SLASH = true
const PUBLIC = /^\/(health|metrics|docs|auth\/token|$)|^\/tmf-api\/[^/]+\/[^/]+\/(docs|openapi\.json)/

/**
 * Builds one Fastify instance serving the given TMF APIs (one app alone, or every app of the
 * suite in embedded mode). It never listens: server.ts files do.
 */
export async function buildTmfServer (served: readonly ApiDeclaration[], opts: TmfServerOptions): Promise<FastifyInstance> {
  const ops = operability(served, opts)
  const apis = ops.apis
  const app = Fastify({
    // Errors below the routes (HTTP parser, router, shutdown) are TMF Errors too.
    ...edgeServerOptions,
    ...ops.serverOptions,
    bodyLimit: opts.bodyLimit ?? 1024 * 1024,
    // Registering the store may wait for PostgreSQL (startupRetryMs) and then migrate: Fastify's
    // default 10 s per plugin would end a start-up that is waiting by design, or migrating a large
    // table on a busy host.
    pluginTimeout: (opts.startupRetryMs ?? 0) + 120_000,
    // TMF630 names a resource by its path; `/troubleTicket/` is the same collection as `/troubleTicket`.
    routerOptions: { ignoreTrailingSlash: IGNORE_TRAILING_SLASH, ...edgeRouterOptions },
    // Bodies are validated as sent: no type coercion, nothing silently removed. `discriminator`
    // lets v5 polymorphic families (oneOf chosen by @type, as the TMF specs write them) validate
    // only the branch the @type names, so a 400 says what is wrong with that branch.
    ajv: { customOptions: { coerceTypes: false, removeAdditional: false, useDefaults: false, discriminator: true } }
  })
  // Plain JSON.stringify: response schemas document the API, but must not strip the extension
  // attributes of TMF subclasses.
  app.setSerializerCompiler(() => (data) => JSON.stringify(data))
  await app.register(tmfErrors)
  // Before authentication: shutdown 503s and unstorable ids/queries are refused first of all.
  await app.register(requestGuard)
  await app.register(methodNotAllowed, { ignoreTrailingSlash: IGNORE_TRAILING_SLASH })
  await app.register(tmfContentTypes)
  await ops.registerEdge(app)

  const migrations = [...coreMigrations, ...eventsMigrations, ...apis.flatMap((a) => a.migrations ?? [])]
  for (const api of apis) {
    for (const r of api.resources) migrations.push(...resourceTableMigrations(r))
  }
  await app.register(database, { db: opts.db, migrations, startupRetryMs: opts.startupRetryMs })

  const strictChecks = knownStrictChecks(apis, opts.strictChecks ?? [])
  const services = new Map<string, ResourceService>()
  for (const api of apis) {
    const validator = new SchemaValidator([...commonSchemas, ...api.resources.flatMap((r) => [...(r.components ?? []), r.schemas.resource, r.schemas.create, r.schemas.patch])])
    for (const decl of api.resources) {
      services.set(`${api.name}/${decl.name}`, new ResourceService(api, decl, app.db, new DocumentStore(decl.table), validator, {
        defaultLimit: opts.defaultLimit ?? 20, maxLimit: opts.maxLimit ?? 1000, strictProjection: opts.strictProjection ?? false, strictChecks, ...(opts.now === undefined ? {} : { now: opts.now }), ...(ops.writeObserver === undefined ? {} : { observer: ops.writeObserver })
      }, () => app.relay.wake(), (name) => {
        const s = services.get(`${api.name}/${name}`)
        if (s === undefined) throw new Error(`unknown resource ${name} in ${api.name}`)
        return s
      }))
    }
  }

  const queryOptions = eventQueryOptionsFor(apis, (api) => api.resources.map((r) => services.get(`${api.name}/${r.name}`)).filter((s): s is ResourceService => s !== undefined))
  await app.register(relay, { formatter: eventFormatter(apis), queryOptions, config: ops.delivery, redisUrl: opts.redisUrl, redisCluster: opts.redisCluster, concurrency: opts.hubConcurrency, runWorkers: opts.runWorkers ?? true, apis: apis.map((a) => a.name) })
  const extraPublic = opts.publicPaths
  await app.register(authPlugin, { config: opts.auth, publicPaths: (url: string) => PUBLIC.test(url) || (extraPublic?.test(url) ?? false), onLogin: ops.onLogin(app) })
  ops.registerGauges(app)

  const hubs = createHubStore(app.db)
  const deadLetters = createDeadLetterStore(app.db, app.relay)
  for (const api of apis) {
    const apiServices = api.resources.map((r) => services.get(`${api.name}/${r.name}`)).filter((s): s is ResourceService => s !== undefined)
    for (const version of api.versions) {
      await app.register(apiVersionPlugin, { prefix: `/tmf-api/${api.name}/${version}`, api, version, services: apiServices, hubs, deadLetters, policy: opts.delivery.policy })
    }
  }
  app.get('/health', { schema: { hide: true } }, async () => {
    await app.db.query('SELECT 1')
    return { status: 'ok' }
  })
  await app.register(healthRoutes)
  app.get('/docs', { schema: { hide: true } }, async (_request, reply) => {
    const items = apis.flatMap((a) => a.versions.map((v) => `<li><a href="/tmf-api/${a.name}/${v}/docs">${a.tmfId ?? 'Extension'} ${a.title} ${v}</a> — <a href="/tmf-api/${a.name}/${v}/openapi.json">openapi.json</a></li>`))
    return await reply.type('text/html; charset=utf-8').send(`<!doctype html><html><head><meta charset="utf-8"><title>CX Suite APIs</title></head><body><h1>CX Suite APIs</h1><ul>${items.join('')}</ul></body></html>`)
  })
  app.get('/', { schema: { hide: true } }, async () => ({
    name: 'CX Suite',
    apis: apis.flatMap((a) => a.versions.map((v) => ({ api: a.name, tmfId: a.tmfId ?? null, version: v, root: `/tmf-api/${a.name}/${v}`, docs: `/tmf-api/${a.name}/${v}/docs`, openapi: `/tmf-api/${a.name}/${v}/openapi.json` })))
  }))
  return app
}

/** The opt-in checks asked for, each of which the engine or some declared resource must know. */
function knownStrictChecks (apis: readonly ApiDeclaration[], asked: readonly string[]): ReadonlySet<string> {
  const known = new Set([STRICT_INITIAL_STATE, ...apis.flatMap((a) => a.resources.flatMap((r) => Object.keys(r.strictChecks ?? {})))])
  const unknown = asked.filter((c) => !known.has(c))
  if (unknown.length > 0) throw new Error(`STRICT_CHECKS names unknown checks: ${unknown.join(', ')} (known: ${[...known].join(', ')})`)
  return new Set(asked)
}
