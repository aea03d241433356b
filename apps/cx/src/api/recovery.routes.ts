import { Type } from 'typebox'
import type { FastifyInstance } from 'fastify'
import { notFound } from '@cx/errors'
import { errorResponses, jsonResponse, setListHeaders } from '@cx/engine'
import { project } from '@cx/tmf-query'
import { Recovery } from '../closed-loop/recovery.schemas.ts'
import { listView, type ListSettings, type ReadView } from './view-list.ts'
import { refuseWrites } from './read-only.ts'

const KEEP = ['id', 'href', '@type']
const VIEW: ReadView = { table: 'cx_loop_recovery', schema: Recovery, refs: {}, defaultOrder: "(doc ->> 'openedDate') ASC, id ASC" }
// Recoveries dropped (seen too late) or whose ticket could not be created are not part of the list.
const SERVED = "state IN ('opening', 'open', 'resolved', 'followedUp')"

const ListQuery = Type.Object({
  fields: Type.Optional(Type.String()),
  offset: Type.Optional(Type.Integer({ minimum: 0 })),
  limit: Type.Optional(Type.Integer({ minimum: 0 })),
  sort: Type.Optional(Type.String({ description: 'Default: openedDate ascending' })),
  'customer.id': Type.Optional(Type.String()),
  'partner.id': Type.Optional(Type.String()),
  state: Type.Optional(Type.String({ description: 'open, resolved, followedUp (comma-separated for several)' }))
}, { additionalProperties: true })

function scopeOf (p: { isOperator: boolean, partnerId: string | null }): { sql: string, params: unknown[] } {
  if (p.isOperator) return { sql: SERVED, params: [] }
  if (p.partnerId === null) return { sql: 'FALSE', params: [] }
  return { sql: `${SERVED} AND partners @> ARRAY[$1::text]`, params: [p.partnerId] }
}

/**
 * `GET /recovery` (cxAnalytics): the closed loop's recoveries as a read-only TMF630 collection
 * (filters on any attribute, sort, fields, paging). A partner sees the recoveries of the answers
 * attributed to it.
 */
export function recoveryRoutes (settings: ListSettings) {
  return async function routes (app: FastifyInstance): Promise<void> {
    app.get('/recovery', {
      // @cx/tmf-query validates the whole query (every TMF630 form); the schema documents it.
      validatorCompiler: () => () => true,
      schema: {
        operationId: 'listRecovery',
        summary: 'List the closed-loop recoveries (detractor → complaint ticket → follow-up)',
        tags: ['Recovery'],
        querystring: ListQuery,
        response: {
          200: { description: 'Recoveries, oldest first unless sorted otherwise', headers: { 'X-Total-Count': Type.Integer(), 'X-Result-Count': Type.Integer() }, ...Type.Array(Type.Ref('Recovery')) },
          ...errorResponses(400, 401, 500, 501, 503)
        }
      }
    }, async (request, reply) => {
      const page = await listView(app.db, VIEW, request.query as Record<string, unknown>, settings, scopeOf(request.principal))
      setListHeaders(request, reply, { total: page.total, count: page.docs.length, offset: page.offset, limit: page.limit })
      return page.docs.map((d) => project(d, page.fields, KEEP))
    })

    app.get('/recovery/:id', {
      schema: {
        operationId: 'retrieveRecovery',
        summary: 'Retrieve one recovery',
        tags: ['Recovery'],
        params: Type.Object({ id: Type.String({ minLength: 1, maxLength: 300 }) }),
        response: { 200: jsonResponse('The recovery', Type.Ref('Recovery')), ...errorResponses(401, 404, 500, 503) }
      }
    }, async (request) => {
      const { id } = request.params as { id: string }
      const scope = scopeOf(request.principal)
      const row = (await app.db.query<{ doc: Record<string, unknown> }>(`SELECT doc FROM cx_loop_recovery WHERE id = $${scope.params.length + 1} AND ${scope.sql}`, [...scope.params, id])).rows[0]
      if (row === undefined) throw notFound(`Recovery ${id} not found`)
      return row.doc
    })

    refuseWrites(app, ['/recovery', '/recovery/:id'])
  }
}
