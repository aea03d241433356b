import { Type } from 'typebox'
import type { FastifyInstance } from 'fastify'
import { forbidden } from '@cx/errors'
import { errorResponses, setListHeaders } from '@cx/engine'
import { project } from '@cx/tmf-query'
import { inAnalyticsTransaction } from '../kpi/analytics-tx.ts'
import { PartnerScorecard } from '../kpi/scorecard.schemas.ts'
import { scorecardParams, scorecardTable } from '../kpi/scorecard.ts'
import { parseSeriesWindow } from '../kpi/window-params.ts'
import { listView, type ListSettings, type ReadView } from './view-list.ts'
import { refuseWrites } from './read-only.ts'

const KEEP = ['id', '@type']
// Parameters of the scorecard table that are not TMF630 filters.
const OWN = ['period', 'from', 'to', 'tz']

const ListQuery = Type.Object({
  period: Type.Optional(Type.String({ enum: ['day', 'week', 'month'], description: 'Default month' })),
  from: Type.Optional(Type.String({ description: 'As for /kpi/{name}' })),
  to: Type.Optional(Type.String({ description: 'As for /kpi/{name}' })),
  tz: Type.Optional(Type.String({ description: 'IANA time zone, default UTC' })),
  fields: Type.Optional(Type.String()),
  offset: Type.Optional(Type.Integer({ minimum: 0 })),
  limit: Type.Optional(Type.Integer({ minimum: 0 })),
  sort: Type.Optional(Type.String({ description: 'Default: periodStart, then rank' })),
  'partner.id': Type.Optional(Type.String()),
  'rank.lte': Type.Optional(Type.Integer())
}, { additionalProperties: true })

/**
 * `GET /partnerScorecard` (cxAnalytics): one entry per partner and period, a read-only TMF630
 * collection (filters on any attribute, e.g. `partner.id`, `rank.lte`; `sort`, `fields`,
 * paging). The operator sees every partner; a partner its own entries, with its rank among all.
 */
export function scorecardRoutes (settings: ListSettings) {
  return async function routes (app: FastifyInstance): Promise<void> {
    app.get('/partnerScorecard', {
      validatorCompiler: () => () => true,
      schema: {
        operationId: 'listPartnerScorecard',
        summary: 'List partner scorecards per period',
        tags: ['PartnerScorecard'],
        querystring: ListQuery,
        response: {
          200: { description: 'One entry per partner and period', headers: { 'X-Total-Count': Type.Integer(), 'X-Result-Count': Type.Integer() }, ...Type.Array(Type.Ref('PartnerScorecard')) },
          ...errorResponses(400, 401, 403, 500)
        }
      }
    }, async (request, reply) => {
      const q = request.query as Record<string, unknown>
      const { period, tz, from, to } = await parseSeriesWindow(app.db, q)

      const p = request.principal
      if (!p.isOperator && p.partnerId === null) throw forbidden('Scorecards are for the operator and partners')
      const params = scorecardParams(period, tz, from, to)
      const scope = p.isOperator ? { sql: 'TRUE', params } : { sql: `partner_id = $${params.length + 1}`, params: [...params, p.partnerId] }
      const view: ReadView = { table: scorecardTable(from, to), schema: PartnerScorecard, refs: {}, defaultOrder: 'ls ASC, rank_order ASC, partner_id ASC' }
      const query = Object.fromEntries(Object.entries(q).filter(([k]) => !OWN.includes(k)))
      const page = await inAnalyticsTransaction(app.db, async (tx) => await listView(tx, view, query, settings, scope))
      setListHeaders(request, reply, { total: page.total, count: page.docs.length, offset: page.offset, limit: page.limit })
      return page.docs.map((d) => project(d, page.fields, KEEP))
    })

    refuseWrites(app, ['/partnerScorecard'])
  }
}
