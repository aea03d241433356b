import { badRequest } from '@cx/errors'
import type { Queryable } from '@cx/store'
import { checkInstant, checkSpan, PERIODS, type Period } from './series-query.ts'
import { checkTimeZone } from './time-zone.ts'

/** The bucketing parameters shared by `/kpi/{name}` and `/partnerScorecard`. */
export interface SeriesWindow { period: Period, tz: string, from: string, to: string }

const DEFAULT_SPAN_DAYS: Record<Period, number> = { day: 30, week: 7 * 12, month: 365 }

/** One value of a query parameter (empty = absent); a repeated parameter is a 400. */
export function oneParam (q: Record<string, unknown>, name: string): string | undefined {
  const v = q[name]
  if (Array.isArray(v)) throw badRequest(`${name} may be given once`)
  return typeof v === 'string' && v !== '' ? v : undefined
}

/**
 * `period` (default month), `tz` (default UTC, known to ICU and to the database), `from` and `to`
 * (dates or RFC 3339 date-times; default: `to` now, `from` 30 days, 12 weeks or 365 days before)
 * of a request, validated: every bad value is a 400 TMF Error naming the parameter, as is a
 * `from` not before `to` or a span over the bucket limit (see checkSpan). `now` is the server clock.
 */
export async function parseSeriesWindow (db: Queryable, q: Record<string, unknown>, now: Date = new Date()): Promise<SeriesWindow> {
  const period = (oneParam(q, 'period') ?? 'month') as Period
  if (!PERIODS.includes(period)) throw badRequest(`period must be one of ${PERIODS.join(', ')}`)
  const tz = await checkTimeZone(db, oneParam(q, 'tz') ?? 'UTC')
  const to = checkInstant('to', oneParam(q, 'to') ?? now.toISOString())
  const from = checkInstant('from', oneParam(q, 'from') ?? new Date(Date.parse(to.length === 10 ? `${to}T00:00:00Z` : to) - DEFAULT_SPAN_DAYS[period] * 86_400_000).toISOString())
  checkSpan({ period, from, to })
  return { period, tz, from, to }
}
