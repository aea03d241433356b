import type { FastifyInstance } from 'fastify'
import { oas30Bounds } from '../openapi/oas30-bounds.ts'
import type { TSchema } from 'typebox'
import swagger from '@fastify/swagger'
import swaggerUi from '@fastify/swagger-ui'
import { deadLetterRoutes, type CallbackPolicy, type DeadLetterStore, type HubStore } from '@cx/events'
import type { ApiDeclaration } from '../resource/declaration.ts'
import type { ResourceService } from '../resource/resource-service.ts'
import { commonSchemas } from '../schemas/common.ts'
import { hubSchemas } from '../schemas/hub.ts'
import { mergePatchSchema, patchSchemas } from '../openapi/patch-bodies.ts'
import { filterParameters } from '../openapi/filter-params.ts'
import { resourceRoutes } from './resource-routes.ts'
import { hubRoutes } from './hub-routes.ts'
import { eventQueryOptions } from '../resource/event-query.ts'

export interface ApiVersionOptions {
  api: ApiDeclaration
  version: string
  services: readonly ResourceService[]
  hubs: HubStore
  deadLetters: DeadLetterStore
  policy: CallbackPolicy
}

const idOf = (s: TSchema): string => {
  const id = (s as { $id?: string }).$id
  if (id === undefined) throw new Error('resource schemas need an $id')
  return id
}

/** The declaration's example create body, emitted by @fastify/swagger as the schema's `example`. */
const withExample = (schema: TSchema, example: unknown): TSchema => example === undefined ? schema : { ...schema, examples: [example] } as TSchema

/** The component schemas one version of an API documents and validates against. */
export function schemasFor (api: ApiDeclaration, version: string, services: readonly ResourceService[]): TSchema[] {
  const canonical = version === (api.canonicalVersion ?? 'v5')
  const all: TSchema[] = [...commonSchemas, ...hubSchemas, ...patchSchemas, ...(api.custom?.schemas ?? [])]
  for (const s of services) {
    const d = s.decl
    all.push(...(d.components ?? []))
    const set = canonical ? d.schemas : d.v4?.schemas
    // The patch object is only ever a merge-patch body, where null removes an attribute.
    if (set !== undefined) all.push(set.resource, withExample(set.create, canonical ? d.example : undefined), mergePatchSchema(set.patch))
  }
  const seen = new Set<string>()
  return all.filter((s) => { const id = idOf(s); if (seen.has(id)) return false; seen.add(id); return true })
}

/**
 * As in the official TMF v5 OAS, paths are relative to the API root given in `servers`
 * (`{apiRoot}/tmf-api/troubleTicket/v5`), so a generated client takes that root as its base URL.
 * @fastify/swagger strips the root from every route path because it is a server's base path.
 * The first entry is relative, so Swagger UI calls the server that served the document.
 * No trailing slash: OAS 3.0 §4.7.9 appends the path (which starts with `/`) to the server URL.
 */
function serversFor (root: string): Array<{ url: string, description: string, variables?: Record<string, { default: string, description: string }> }> {
  return [
    { url: root, description: 'This API root on the server that serves this document' },
    { url: `{apiRoot}${root}`, description: 'This API root on a given deployment', variables: { apiRoot: { default: 'http://localhost:8080', description: 'Scheme, host and port of the deployment' } } }
  ]
}

/**
 * One API root (e.g. /tmf-api/troubleTicket/v5): its schemas, its own OpenAPI document at
 * /openapi.json with Swagger UI at /docs, the resources and the hub. Encapsulated, so v4 and v5
 * can each name their schemas `TroubleTicket`.
 */
export async function apiVersionPlugin (app: FastifyInstance, opts: ApiVersionOptions): Promise<void> {
  const { api, version } = opts
  const schemas = schemasFor(api, version, opts.services)
  for (const schema of schemas) app.addSchema(schema)
  const byId = new Map(schemas.map((s) => [idOf(s), s]))
  const nonStandard = api.tmfId === undefined ? ' This API is a CX Suite extension: TM Forum defines no standard for it.' : ''
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: { title: `${api.tmfId ?? 'CX Suite'} ${api.title} (${version})`, version: `${version.slice(1)}.0.0`, description: `${api.description}${nonStandard}`, license: { name: 'Apache-2.0', url: 'https://www.apache.org/licenses/LICENSE-2.0' } },
      servers: serversFor(app.prefix),
      tags: [...opts.services.map((s) => ({ name: s.decl.type, description: `Operations on ${s.decl.type} resources` })), { name: 'Hub', description: 'Event subscriptions' }],
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } } },
      security: [{ bearer: [] }]
    },
    // OpenAPI 3.0 wants boolean exclusive bounds; the schemas keep the numeric form ajv validates.
    transformObject: (doc) => 'openapiObject' in doc ? oas30Bounds(doc.openapiObject) : doc.swaggerObject,
    refResolver: { buildLocalReference: (json, _base, _fragment, i) => String((json as { $id?: string }).$id ?? `def-${i}`) }
  })
  // The UI is registered under the API root, so its asset links need that root as well.
  await app.register(swaggerUi, { routePrefix: '/docs', indexPrefix: app.prefix })
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger())
  for (const service of opts.services) {
    const canonical = version === service.canonical
    const set = canonical ? service.decl.schemas : service.decl.v4?.schemas
    if (set === undefined) continue
    const filters = filterParameters({ resource: set.resource, resolve: (id) => byId.get(id), lifecycleField: service.decl.lifecycle?.field })
    await app.register(resourceRoutes, { service, version, filters, schemaIds: { resource: idOf(set.resource), create: idOf(set.create), patch: idOf(set.patch) } })
  }
  if (api.custom !== undefined) await app.register(api.custom.routes, { version })
  if (api.hub === false) return
  await app.register(hubRoutes, { api: api.name, version, hubs: opts.hubs, policy: opts.policy, queryOptions: eventQueryOptions(api, version, opts.services) })
  // Operator tools for deliveries that exhausted their retries: list, then replay.
  await app.register(deadLetterRoutes, { api: api.name, store: opts.deadLetters })
}
