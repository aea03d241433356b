import { Type, type TSchema } from 'typebox'
import { PATCH_MEDIA_TYPES } from '../patch/index.ts'
import type { ResourceDeclaration } from '../resource/declaration.ts'
import { emptyResponse, errorResponses, jsonResponse, ResponseHeaders as H } from './responses.ts'
import { patchBody } from './patch-bodies.ts'

/** Component names of one version's representation of a resource. */
export interface SchemaIds { resource: string, create: string, patch: string }

const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 200, description: 'Identifier of the resource' }) })
const Fields = Type.String({ description: 'Comma-separated first-level attributes to return (TMF630 Part 1 §4.3). v4 roots return exactly those; other roots also keep id, href and @type. `none` returns id and href' })
const FieldsQuery = Type.Object({ fields: Type.Optional(Fields) }, { additionalProperties: true })

/**
 * The TMF630 list query: paging, projection, sorting and the resource's common filters. Any
 * other attribute path is a filter as well (TMF630 §3), hence `additionalProperties`.
 */
function listQuery (filters: Record<string, TSchema>): TSchema {
  return Type.Object({
    fields: Type.Optional(Fields),
    offset: Type.Optional(Type.Integer({ minimum: 0, description: 'Index of the first item to return (default 0)' })),
    limit: Type.Optional(Type.Integer({ minimum: 0, description: 'Maximum number of items to return (the server caps it)' })),
    sort: Type.Optional(Type.String({ description: 'Comma-separated attributes; a leading - sorts descending, e.g. -lastUpdate' })),
    ...Object.fromEntries(Object.entries(filters).map(([k, s]) => [k, Type.Optional(s)]))
  }, { additionalProperties: true, description: 'Any other parameter is a TMF630 filter: attr=value, a,b = OR, dot paths, .gt .gte .lt .lte .ne .eq' })
}

/** Route schemas of the TMF630 operations on one resource: what is validated and what is documented. */
export function resourceRouteSchemas (d: ResourceDeclaration, ids: SchemaIds, filters: Record<string, TSchema>): Record<'list' | 'retrieve' | 'create' | 'patch' | 'remove', Record<string, unknown>> {
  const tags = [d.type]
  const Resource = Type.Ref(ids.resource)
  return {
    list: {
      operationId: `list${d.type}`,
      summary: `List or find ${d.type} objects`,
      tags,
      querystring: listQuery(filters),
      response: {
        200: jsonResponse(`The ${d.type} objects of the requested page`, Type.Array(Resource), { 'X-Total-Count': H.totalCount, 'X-Result-Count': H.resultCount, Link: H.link }),
        ...errorResponses(400, 401, 403, 500, 501, 503)
      }
    },
    retrieve: {
      operationId: `retrieve${d.type}`,
      summary: `Retrieve a ${d.type} by id`,
      tags,
      params: IdParams,
      querystring: FieldsQuery,
      response: { 200: jsonResponse(`The ${d.type}`, Resource, { ETag: H.etag }), ...errorResponses(400, 401, 403, 404, 500, 503) }
    },
    create: {
      operationId: `create${d.type}`,
      summary: `Create a ${d.type}`,
      tags,
      querystring: FieldsQuery,
      body: Type.Ref(ids.create),
      response: {
        201: jsonResponse(`The created ${d.type}`, Resource, { Location: H.location, ETag: H.etag }),
        ...errorResponses(400, 401, 403, 409, 413, 415, 500, 503)
      }
    },
    patch: {
      operationId: `patch${d.type}`,
      summary: `Partially update a ${d.type}`,
      description: `Accepted media types: ${PATCH_MEDIA_TYPES.join(', ')} (application/json is a merge patch). Send If-Match with the ETag to guard against lost updates.`,
      tags,
      params: IdParams,
      headers: Type.Object({ 'if-match': Type.Optional(Type.String({ description: 'The ETag of the version this change is based on; a stale one gets 412' })) }),
      querystring: FieldsQuery,
      body: patchBody(ids.patch),
      response: { 200: jsonResponse(`The updated ${d.type}`, Resource, { ETag: H.etag }), ...errorResponses(400, 401, 403, 404, 409, 412, 413, 415, 500, 503) }
    },
    remove: {
      operationId: `delete${d.type}`,
      summary: `Delete a ${d.type} (operators only)`,
      tags,
      params: IdParams,
      response: { 204: emptyResponse('Deleted'), ...errorResponses(401, 403, 404, 500, 503) }
    }
  }
}
