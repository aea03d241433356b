import { Type } from 'typebox'
import type { FastifyInstance } from 'fastify'
import { badRequest, forbidden, notFound } from '@cx/errors'
import { errorResponses, jsonResponse, ResponseHeaders, setListHeaders } from '@cx/engine'
import { parseListQuery, project } from '@cx/tmf-query'
import { inAnalyticsTransaction } from '../kpi/analytics-tx.ts'
import { KPIS, kpiNamed } from '../kpi/registry.ts'
import { kpiSeries, type KpiFilters } from '../kpi/series-query.ts'
import { oneParam, parseSeriesWindow } from '../kpi/window-params.ts'
import { refuseWrites } from './read-only.ts'

const DEFAULT_MIN_SAMPLE = 30

const SeriesQuery = Type.Object({
  period: Type.Optional(Type.String({ enum: ['day', 'week', 'month'], description: 'Default month' })),
  from: Type.Optional(Type.String({ description: 'A date (local midnight in tz) or an RFC 3339 date-time; default: to minus 30 days, 12 weeks or 365 days' })),
  to: Type.Optional(Type.String({ description: 'Exclusive; a date includes that whole day. Default: now' })),
  tz: Type.Optional(Type.String({ description: 'IANA time zone of the buckets; default UTC' })),
  minSample: Type.Optional(Type.String({ description: 'Non-negative integer, default 30: below it a point has lowSample true' })),
  'partner.id': Type.Optional(Type.String()),
  'customer.id': Type.Optional(Type.String()),
  segment: Type.Optional(Type.String({ description: 'The customer characteristic named segment (its current value)' })),
  'productOffering.id': Type.Optional(Type.String()),
  'channel.id': Type.Optional(Type.String())
})

type Query = Record<string, string | string[] | undefined>

const one = (q: Query, name: string): string | undefined => oneParam(q, name)

/**
 * `GET /kpi` (the KPI definitions) and `GET /kpi/{name}` (a KPI per day, ISO week or month of a
 * time zone) of cxAnalytics. An operator sees every record; a partner only the records it is
 * responsible for (a `partner.id` other than its own is a 403); anyone else is refused (403).
 */
export function kpiRoutes () {
  return async function routes (app: FastifyInstance): Promise<void> {
    app.get('/kpi', {
      // A TMF630 list like any other (paging, fields, count headers), over a fixed catalogue.
      validatorCompiler: () => () => true,
      schema: {
        operationId: 'listKpi',
        summary: 'List the KPI definitions',
        tags: ['Kpi'],
        querystring: Type.Object({
          fields: Type.Optional(Type.String({ description: 'Comma-separated attributes to return' })),
          offset: Type.Optional(Type.Integer({ minimum: 0, description: 'Index of the first item (default 0)' })),
          limit: Type.Optional(Type.Integer({ minimum: 0, description: 'Maximum number of items' }))
        }),
        response: {
          200: jsonResponse('Every KPI with its formula', Type.Array(Type.Ref('KpiDefinition')), { 'X-Total-Count': ResponseHeaders.totalCount, 'X-Result-Count': ResponseHeaders.resultCount, Link: ResponseHeaders.link }),
          ...errorResponses(400, 401, 500)
        }
      }
    }, async (request, reply) => {
      const q = parseListQuery(request.query as Record<string, unknown>, { defaultLimit: KPIS.length, maxLimit: 1000 })
      if (q.conditions.length > 0 || q.sort.length > 0) throw badRequest('the KPI catalogue takes only fields, offset and limit')
      const all = KPIS.map(({ name, unit, description, formula, higherIsBetter }) => ({ name, unit, description, formula, higherIsBetter }))
      const page = all.slice(q.offset, q.offset + q.limit)
      setListHeaders(request, reply, { total: all.length, count: page.length, offset: q.offset, limit: q.limit })
      return page.map((d) => project(d, q.fields, ['name']))
    })

    app.get('/kpi/:name', {
      // Validated below, so every bad value is a TMF Error naming the parameter.
      validatorCompiler: () => () => true,
      schema: {
        operationId: 'retrieveKpi',
        summary: 'A KPI as a time series',
        tags: ['Kpi'],
        params: Type.Object({ name: Type.String() }),
        querystring: SeriesQuery,
        response: { 200: jsonResponse('The series, one entry per period (empty periods included)', Type.Ref('KpiSeries')), ...errorResponses(400, 401, 403, 404, 500) }
      }
    }, async (request) => {
      const { name } = request.params as { name: string }
      const def = kpiNamed(name)
      if (def === undefined) throw notFound(`KPI ${name} not found; GET /kpi lists them`)
      const q = request.query as Query
      const { period, tz, from, to } = await parseSeriesWindow(app.db, q)
      const rawMin = one(q, 'minSample')
      if (rawMin !== undefined && !/^\d{1,9}$/.test(rawMin)) throw badRequest('minSample must be a non-negative integer')

      const p = request.principal
      let partner = one(q, 'partner.id')
      if (!p.isOperator) {
        if (p.partnerId === null) throw forbidden('KPIs are for the operator and partners')
        if (partner !== undefined && partner !== p.partnerId) throw forbidden('A partner sees its own KPIs only')
        partner = p.partnerId
      }
      const filters: KpiFilters = {}
      if (partner !== undefined) filters.partner = partner
      const customer = one(q, 'customer.id')
      if (customer !== undefined) filters.customer = customer
      const segment = one(q, 'segment')
      if (segment !== undefined) filters.segment = segment
      const offering = one(q, 'productOffering.id')
      if (offering !== undefined) filters.productOffering = offering
      const channel = one(q, 'channel.id')
      if (channel !== undefined) filters.channel = channel

      const series = await inAnalyticsTransaction(app.db, async (tx) => await kpiSeries(tx, def, { period, tz, from, to, minSample: rawMin === undefined ? DEFAULT_MIN_SAMPLE : Number(rawMin), filters }))
      return { name: def.name, unit: def.unit, period, tz, series }
    })

    refuseWrites(app, ['/kpi', '/kpi/:name'])
  }
}
