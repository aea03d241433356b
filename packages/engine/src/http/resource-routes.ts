import type { TSchema } from 'typebox'
import { fieldsParam, project } from '@cx/tmf-query'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { patchKindOf } from '../patch/index.ts'
import { etagOf, type RequestMeta, type ResourceService } from '../resource/resource-service.ts'
import type { Doc } from '../resource/declaration.ts'
import { resourceRouteSchemas, type SchemaIds } from '../openapi/route-schemas.ts'
import { setListHeaders } from './list-headers.ts'
import { assertValidPatchRequest } from './patch-validation.ts'

export interface RouteOptions {
  service: ResourceService
  version: string
  /** Names of the component schemas for this version's representation. */
  schemaIds: SchemaIds
  /** The resource's common filters, documented as optional query parameters. */
  filters?: Record<string, TSchema>
}

/** What follows `?`, still percent-encoded: TMF630 `;` and an encoded `%3B` mean different things. */
function rawQuery (request: FastifyRequest): string {
  const at = request.url.indexOf('?')
  return at < 0 ? '' : request.url.slice(at + 1)
}

/** `fields=` of a single-resource operation (TMF630 Part 1 §4.3 allows it on GET, POST and PATCH). */
function fieldsOf (request: FastifyRequest): string[] | undefined {
  return fieldsParam((request.query as { fields?: unknown } | undefined)?.fields)
}

function meta (request: FastifyRequest, version: string): RequestMeta {
  return { principal: request.principal, version, correlationId: request.id }
}

/**
 * The TMF630 surface of one declared resource in one API version. Handlers only translate
 * HTTP ⇄ service calls; the behaviour lives in ResourceService.
 */
export async function resourceRoutes (app: FastifyInstance, opts: RouteOptions): Promise<void> {
  const { service, version, schemaIds } = opts
  const d = service.decl
  const canonical = version === service.canonical
  const schemas = resourceRouteSchemas(d, schemaIds, opts.filters ?? {})

  app.get(`/${d.name}`, {
    // The query is validated by @cx/tmf-query, which knows every TMF630 form (repeated keys,
    // comma lists, dot paths) and names the offending parameter; the schema documents it.
    validatorCompiler: () => () => true,
    schema: schemas.list
  }, async (request, reply) => {
    const page = await service.list(meta(request, version), rawQuery(request))
    setListHeaders(request, reply, { total: page.total, count: page.count, offset: page.offset, limit: page.limit })
    if (page.body !== undefined) return await reply.type('application/json; charset=utf-8').send(page.body)
    return page.items
  })

  app.get(`/${d.name}/:id`, {
    schema: schemas.retrieve
  }, async (request, reply) => {
    const { id } = request.params as { id: string }
    const fields = fieldsOf(request)
    if (canonical && fields === undefined) {
      const raw = await service.findRaw(meta(request, version), id)
      reply.header('ETag', etagOf(raw.version)).type('application/json; charset=utf-8')
      return await reply.send(raw.body)
    }
    const found = await service.find(meta(request, version), id)
    reply.header('ETag', etagOf(found.version))
    return project(found.doc, fields, service.keepOnProjection(version))
  })

  if (d.operations?.create !== false) {
    app.post(`/${d.name}`, {
      schema: schemas.create
    }, async (request, reply) => {
      const fields = fieldsOf(request) // read first: a malformed list is a 400 before anything is written
      const created = await service.create(meta(request, version), request.body as Doc)
      const href = String(created.doc.href)
      return await reply.code(201).header('Location', href).header('ETag', etagOf(created.version)).send(project(created.doc, fields, service.keepOnProjection(version)))
    })
  }

  if (d.operations?.patch !== false) {
    app.patch(`/${d.name}/:id`, {
      // Each media type's body is checked against its own schema (patch object or operation
      // array), then the service validates the patched document as a whole.
      attachValidation: true,
      schema: schemas.patch
    }, async (request: FastifyRequest, reply: FastifyReply) => {
      const kind = patchKindOf(request.headers['content-type'])
      assertValidPatchRequest(request.validationError, d.lifecycle?.field)
      const fields = fieldsOf(request)
      const { id } = request.params as { id: string }
      const ifMatch = request.headers['if-match']
      const updated = await service.patch(meta(request, version), id, request.body, kind, ifMatch)
      reply.header('ETag', etagOf(updated.version))
      return project(updated.doc, fields, service.keepOnProjection(version))
    })
  }

  if (d.operations?.delete !== false) {
    app.delete(`/${d.name}/:id`, {
      schema: schemas.remove
    }, async (request, reply) => {
      await service.delete(meta(request, version), (request.params as { id: string }).id)
      return await reply.code(204).send()
    })
  }
}
