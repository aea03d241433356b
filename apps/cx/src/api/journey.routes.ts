import { Type } from 'typebox'
import type { FastifyInstance } from 'fastify'
import { notFound } from '@cx/errors'
import { errorResponses, jsonResponse, setListHeaders } from '@cx/engine'
import { project } from '@cx/tmf-query'
import { JourneyEvent, schemaRefs } from '../customer360/schemas.ts'
import { listView, type ListSettings, type ReadView } from './view-list.ts'
import { refuseWrites } from './read-only.ts'
import { journeyForViewer } from '../journey/journey.ts'

const KEEP = ['id', 'href', '@type']
// "In time order" by default; id breaks ties for stable paging.
const VIEW: ReadView = { table: 'cx_journey', schema: JourneyEvent, refs: schemaRefs, defaultOrder: 'date ASC, id ASC' }

const ListQuery = Type.Object({
  fields: Type.Optional(Type.String()),
  offset: Type.Optional(Type.Integer({ minimum: 0 })),
  limit: Type.Optional(Type.Integer({ minimum: 0 })),
  sort: Type.Optional(Type.String({ description: 'Default: date ascending; -date for newest first' })),
  'customer.id': Type.Optional(Type.String({ description: 'The TMF629 customer id' })),
  kind: Type.Optional(Type.String({ description: 'e.g. ticketOpened,ticketResolved' })),
  'partner.id': Type.Optional(Type.String()),
  'date.gt': Type.Optional(Type.String({ format: 'date-time' })),
  'date.lt': Type.Optional(Type.String({ format: 'date-time' }))
}, { additionalProperties: true })

/**
 * `GET /journeyEvent` (cxAnalytics): every interaction of a customer in time order, as a read-only
 * TMF630 collection. A partner sees the events about the records it is a related party of.
 */
export function journeyRoutes (settings: ListSettings) {
  return async function routes (app: FastifyInstance): Promise<void> {
    app.get('/journeyEvent', {
      // @cx/tmf-query validates the whole query (every TMF630 form); the schema documents it.
      validatorCompiler: () => () => true,
      schema: {
        operationId: 'listJourneyEvent',
        summary: 'List the journey events of customers',
        tags: ['JourneyEvent'],
        querystring: ListQuery,
        response: {
          200: { description: 'Journey events, oldest first unless sorted otherwise', headers: { 'X-Total-Count': Type.Integer(), 'X-Result-Count': Type.Integer() }, ...Type.Array(Type.Ref('JourneyEvent')) },
          ...errorResponses(400, 401, 500, 501, 503)
        }
      }
    }, async (request, reply) => {
      const p = request.principal
      const scope = p.isOperator ? { sql: 'TRUE', params: [] } : p.partnerId === null ? { sql: 'FALSE', params: [] } : { sql: 'parties @> ARRAY[$1::text]', params: [p.partnerId] }
      const page = await listView(app.db, VIEW, request.query as Record<string, unknown>, settings, scope)
      setListHeaders(request, reply, { total: page.total, count: page.docs.length, offset: page.offset, limit: page.limit })
      const viewer = p.isOperator ? null : p.partnerId
      return page.docs.map((d) => project(journeyForViewer(d, viewer), page.fields, KEEP))
    })

    app.get('/journeyEvent/:id', {
      schema: {
        operationId: 'retrieveJourneyEvent',
        summary: 'Retrieve one journey event',
        tags: ['JourneyEvent'],
        params: Type.Object({ id: Type.String({ minLength: 1, maxLength: 300 }) }),
        response: { 200: jsonResponse('The journey event', Type.Ref('JourneyEvent')), ...errorResponses(401, 404, 500, 503) }
      }
    }, async (request) => {
      const { id } = request.params as { id: string }
      const p = request.principal
      const row = (await app.db.query<{ doc: Record<string, unknown>, parties: string[] }>('SELECT doc, parties FROM cx_journey WHERE id = $1', [id])).rows[0]
      if (row === undefined || (!p.isOperator && (p.partnerId === null || !row.parties.includes(p.partnerId)))) throw notFound(`JourneyEvent ${id} not found`)
      return journeyForViewer(row.doc, p.isOperator ? null : p.partnerId)
    })

    refuseWrites(app, ['/journeyEvent', '/journeyEvent/:id'])
  }
}
