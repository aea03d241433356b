import { Type, type TSchema } from 'typebox'
import { project } from '@cx/tmf-query'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { patchKindOf, PATCH_MEDIA_TYPES } from '../patch/index.ts'
import { etagOf, type RequestMeta, type ResourceService } from '../resource/resource-service.ts'
import type { Doc } from '../resource/declaration.ts'
import { setListHeaders } from './list-headers.ts'

const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 200, description: 'Identifier of the resource' }) })
const ErrorRef = Type.Ref('Error')
const errors = (...codes: number[]): Record<number, TSchema> => Object.fromEntries(codes.map((c) => [c, ErrorRef]))
const ListQuery = Type.Object({
  fields: Type.Optional(Type.String({ description: 'Comma-separated first-level attributes to return (id, href and @type are kept); `none` returns only those' })),
  offset: Type.Optional(Type.String({ description: 'Index of the first item to return (default 0)' })),
  limit: Type.Optional(Type.String({ description: 'Maximum number of items to return' })),
  sort: Type.Optional(Type.String({ description: 'Comma-separated attributes; a leading - sorts descending' }))
}, { additionalProperties: true, description: 'Any other parameter is a TMF630 filter: attr=value, a,b = OR, dot paths, .gt .gte .lt .lte .ne .eq' })

export interface RouteOptions {
  service: ResourceService
  version: string
  /** Names of the component schemas for this version's representation. */
  schemaIds: { resource: string, create: string, patch: string }
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
  const tags = [d.type]
  const Resource = Type.Ref(schemaIds.resource)
  const canonical = version === service.canonical

  app.get(`/${d.name}`, {
    schema: { operationId: `list${d.type}`, summary: `List or find ${d.type} objects`, tags, querystring: ListQuery, response: { 200: Type.Array(Resource), ...errors(400, 401, 403, 500, 501) } }
  }, async (request, reply) => {
    const page = await service.list(meta(request, version), request.query as Record<string, unknown>)
    setListHeaders(request, reply, { total: page.total, count: page.count, offset: page.offset, limit: page.limit })
    if (page.body !== undefined) return await reply.type('application/json; charset=utf-8').send(page.body)
    return page.items
  })

  app.get(`/${d.name}/:id`, {
    schema: { operationId: `retrieve${d.type}`, summary: `Retrieve a ${d.type} by id`, tags, params: IdParams, querystring: Type.Object({ fields: Type.Optional(Type.String()) }, { additionalProperties: true }), response: { 200: Resource, ...errors(400, 401, 403, 404, 500) } }
  }, async (request, reply) => {
    const { id } = request.params as { id: string }
    const fields = (request.query as { fields?: unknown }).fields
    if (canonical && fields === undefined) {
      const raw = await service.findRaw(meta(request, version), id)
      reply.header('ETag', etagOf(raw.version)).type('application/json; charset=utf-8')
      return await reply.send(raw.body)
    }
    const found = await service.find(meta(request, version), id)
    reply.header('ETag', etagOf(found.version))
    const list = typeof fields === 'string' ? fields.split(',').map((f) => f.trim()).filter((f) => f !== '') : undefined
    return project(found.doc, list, service.keepOnProjection())
  })

  app.post(`/${d.name}`, {
    schema: { operationId: `create${d.type}`, summary: `Create a ${d.type}`, tags, body: Type.Ref(schemaIds.create), response: { 201: Resource, ...errors(400, 401, 403, 409, 413, 415, 500) } }
  }, async (request, reply) => {
    const created = await service.create(meta(request, version), request.body as Doc)
    const href = String(created.doc.href)
    return await reply.code(201).header('Location', href).header('ETag', etagOf(created.version)).send(created.doc)
  })

  if (d.operations?.patch !== false) {
    app.patch(`/${d.name}/:id`, {
      // The body's shape depends on the media type (object or operation array) and `null` removes
      // attributes, so it is not checked here: the service validates the patched document instead.
      validatorCompiler: ({ httpPart }) => httpPart === 'body' ? () => true : (value) => typeof value === 'object',
      schema: {
        operationId: `patch${d.type}`,
        summary: `Partially update a ${d.type}`,
        description: `Accepted media types: ${PATCH_MEDIA_TYPES.join(', ')} (application/json is a merge patch). Send If-Match with the ETag to guard against lost updates.`,
        tags,
        params: IdParams,
        body: Type.Union([Type.Ref(schemaIds.patch), Type.Array(Type.Object({ op: Type.String(), path: Type.String() }, { additionalProperties: true }))]),
        response: { 200: Resource, ...errors(400, 401, 403, 404, 409, 412, 413, 415, 500) }
      }
    }, async (request: FastifyRequest, reply: FastifyReply) => {
      const kind = patchKindOf(request.headers['content-type'])
      const { id } = request.params as { id: string }
      const ifMatch = request.headers['if-match']
      const updated = await service.patch(meta(request, version), id, request.body, kind, ifMatch)
      reply.header('ETag', etagOf(updated.version))
      return updated.doc
    })
  }

  if (d.operations?.delete !== false) {
    app.delete(`/${d.name}/:id`, {
      schema: { operationId: `delete${d.type}`, summary: `Delete a ${d.type} (operators only)`, tags, params: IdParams, response: { 204: Type.Null({ description: 'Deleted' }), ...errors(401, 403, 404, 500) } }
    }, async (request, reply) => {
      await service.delete(meta(request, version), (request.params as { id: string }).id)
      return await reply.code(204).send()
    })
  }
}
