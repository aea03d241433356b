import { Type } from 'typebox'
import type { FastifyInstance } from 'fastify'
import type { Principal } from '@cx/auth'
import { notFound } from '@cx/errors'
import { errorResponses, jsonResponse, setListHeaders } from '@cx/engine'
import { project } from '@cx/tmf-query'
import { OPERATOR_VIEW } from '../customer360/compose.ts'
import { CxCustomer360, schemaRefs } from '../customer360/schemas.ts'
import { readFreshness } from '../read-model/freshness.ts'
import { listView, type ListSettings, type ReadView } from './view-list.ts'
import { refuseWrites } from './read-only.ts'

const KEEP = ['id', 'href', '@type']
const VIEW: ReadView = { table: 'cx_customer360', schema: CxCustomer360, refs: schemaRefs, defaultOrder: 'customer_id' }

/** Which stored view a caller reads: the operator's, its own partner view, or none. */
export function viewerOf (p: Principal): string | null {
  if (p.isOperator) return OPERATOR_VIEW
  return p.partnerId
}

const ListQuery = Type.Object({
  fields: Type.Optional(Type.String({ description: 'Comma-separated first-level attributes to return (id, href and @type are kept)' })),
  offset: Type.Optional(Type.Integer({ minimum: 0, description: 'Index of the first item (default 0)' })),
  limit: Type.Optional(Type.Integer({ minimum: 0, description: 'Maximum number of items' })),
  sort: Type.Optional(Type.String({ description: 'e.g. -experience.experienceIndex' })),
  'customer.name': Type.Optional(Type.String()),
  'experience.churnRisk': Type.Optional(Type.String({ description: 'low, medium or high' })),
  'experience.experienceIndex.lt': Type.Optional(Type.Integer())
}, { additionalProperties: true })

/**
 * TMF717 Customer 360, read-only: `GET /customer360` (TMF630 filters, fields, paging, sort) and
 * `GET /customer360/{id}` (the TMF629 customer id). Each read is one indexed query on the stored
 * view of the caller (operator or partner) plus the source freshness; nothing fans out to the
 * resource services. A partner that does not serve the customer gets 404.
 */
export function customer360Routes (settings: ListSettings) {
  return async function routes (app: FastifyInstance): Promise<void> {
    app.get('/schema/CxCustomer360.json', { schema: { hide: true } }, async () => ({ $schema: 'http://json-schema.org/draft-07/schema#', ...CxCustomer360, definitions: schemaRefs }))

    app.get('/customer360', {
      // @cx/tmf-query validates the whole query (every TMF630 form); the schema documents it.
      validatorCompiler: () => () => true,
      schema: {
        operationId: 'listCustomer360',
        summary: 'List or find Customer360 objects',
        tags: ['Customer360'],
        querystring: ListQuery,
        response: {
          200: { description: 'The caller\'s views, one per customer it may see', headers: { 'X-Total-Count': Type.Integer(), 'X-Result-Count': Type.Integer() }, ...Type.Array(Type.Ref('CxCustomer360')) },
          ...errorResponses(400, 401, 500, 501, 503)
        }
      }
    }, async (request, reply) => {
      const viewer = viewerOf(request.principal)
      const scope = viewer === null ? { sql: 'FALSE', params: [] } : { sql: 'viewer = $1', params: [viewer] }
      const page = await listView(app.db, VIEW, request.query as Record<string, unknown>, settings, scope)
      const freshness = await readFreshness(app.db)
      setListHeaders(request, reply, { total: page.total, count: page.docs.length, offset: page.offset, limit: page.limit })
      return page.docs.map((d) => project({ ...d, dataFreshness: freshness }, page.fields, KEEP))
    })

    app.get('/customer360/:id', {
      schema: {
        operationId: 'retrieveCustomer360',
        summary: 'Retrieve the Customer360 of a customer (its TMF629 id)',
        tags: ['Customer360'],
        params: Type.Object({ id: Type.String({ minLength: 1, maxLength: 200 }) }),
        querystring: Type.Object({ fields: Type.Optional(Type.String()) }),
        response: { 200: jsonResponse('The Customer360 of the customer, as the caller may see it', Type.Ref('CxCustomer360')), ...errorResponses(401, 404, 500, 503) }
      }
    }, async (request, reply) => {
      const { id } = request.params as { id: string }
      const viewer = viewerOf(request.principal)
      const row = viewer === null
        ? undefined
        : (await app.db.query<{ doc: string }>('SELECT doc::text AS doc FROM cx_customer360 WHERE viewer = $1 AND customer_id = $2', [viewer, id], { name: 'cx-360-get' })).rows[0]
      if (row === undefined) throw notFound(`Customer360 ${id} not found`)
      // After the view, never beside it: freshness read first could predate the view it describes.
      const freshness = await readFreshness(app.db)
      const fields = (request.query as { fields?: string }).fields
      if (fields === undefined) {
        // The stored view as PostgreSQL prints it (no parse, no re-serialisation: most of a read's
        // cost for a document of tens of kB), with the freshness appended. Views are never empty.
        return await reply.type('application/json; charset=utf-8').send(`${row.doc.slice(0, row.doc.lastIndexOf('}'))},"dataFreshness":${JSON.stringify(freshness)}}`)
      }
      const doc = { ...JSON.parse(row.doc) as Record<string, unknown>, dataFreshness: freshness }
      return project(doc, fields.split(',').map((f) => f.trim()).filter((f) => f !== ''), KEEP)
    })

    refuseWrites(app, ['/customer360', '/customer360/:id'])
  }
}
