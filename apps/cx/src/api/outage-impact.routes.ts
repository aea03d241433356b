import { Type } from 'typebox'
import type { FastifyInstance } from 'fastify'
import { badRequest } from '@cx/errors'
import { errorResponses, setListHeaders } from '@cx/engine'
import { project } from '@cx/tmf-query'
import { CustomerOutageImpact } from '../outages/outage-impact.schemas.ts'
import { listView, type ListSettings, type ReadView } from './view-list.ts'
import { refuseWrites } from './read-only.ts'

const KEEP = ['id', '@type']
const VIEW: ReadView = { table: 'cx_outage_impact', schema: CustomerOutageImpact, refs: {}, defaultOrder: 'customer_id ASC' }

const ListQuery = Type.Object({
  'outage.id': Type.String({ minLength: 1, description: 'The outage (a CxOutage trouble ticket id): required' }),
  fields: Type.Optional(Type.String()),
  offset: Type.Optional(Type.Integer({ minimum: 0 })),
  limit: Type.Optional(Type.Integer({ minimum: 0 })),
  sort: Type.Optional(Type.String({ description: 'Default: customer id' })),
  contactable: Type.Optional(Type.String({ description: 'false lists the customers without a usable contact medium' })),
  'customer.id': Type.Optional(Type.String())
}, { additionalProperties: true })

/**
 * `GET /outageImpact?outage.id=…` (cxAnalytics): the customers an outage affects, kept current
 * while it is open, as a read-only TMF630 list. A partner sees the impact of its own outages only
 * (those naming it as related party).
 */
export function outageImpactRoutes (settings: ListSettings) {
  return async function routes (app: FastifyInstance): Promise<void> {
    app.get('/outageImpact', {
      // @cx/tmf-query validates the whole query (every TMF630 form); the schema documents it.
      validatorCompiler: () => () => true,
      schema: {
        operationId: 'listOutageImpact',
        summary: 'List the customers an outage affects, why, and when they were told',
        tags: ['OutageImpact'],
        querystring: ListQuery,
        response: {
          200: { description: 'Affected customers of the outage', headers: { 'X-Total-Count': Type.Integer(), 'X-Result-Count': Type.Integer() }, ...Type.Array(Type.Ref('CustomerOutageImpact')) },
          ...errorResponses(400, 401, 500, 501, 503)
        }
      }
    }, async (request, reply) => {
      const query = request.query as Record<string, unknown>
      if (typeof query['outage.id'] !== 'string' || query['outage.id'] === '') throw badRequest('outage.id is required: the impact is listed per outage', 'ERR400-MISSING-OUTAGE')
      const p = request.principal
      const scope = p.isOperator ? { sql: 'TRUE', params: [] } : p.partnerId === null ? { sql: 'FALSE', params: [] } : { sql: 'partners @> ARRAY[$1::text]', params: [p.partnerId] }
      const page = await listView(app.db, VIEW, query, settings, scope)
      setListHeaders(request, reply, { total: page.total, count: page.docs.length, offset: page.offset, limit: page.limit })
      return page.docs.map((d) => project(d, page.fields, KEEP))
    })
    refuseWrites(app, ['/outageImpact'])
  }
}
