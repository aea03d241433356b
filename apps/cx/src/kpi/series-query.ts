import { badRequest } from '@cx/errors'
import type { Queryable } from '@cx/store'
import type { KpiDefinition } from './definition.ts'

export type Period = 'day' | 'week' | 'month'
export const PERIODS: readonly Period[] = ['day', 'week', 'month']

/** Filters of a KPI series; `partner` is already narrowed to the caller's scope. */
export interface KpiFilters {
  partner?: string
  customer?: string
  segment?: string
  productOffering?: string
  channel?: string
}

/** A validated series request. `from`/`to` are either a date (YYYY-MM-DD, local midnight in `tz`) or an RFC 3339 date-time. */
export interface SeriesRequest {
  period: Period
  tz: string
  from: string
  to: string
  minSample: number
  filters: KpiFilters
}

export interface SeriesPoint {
  periodStart: string
  periodEnd: string
  value: number | null
  sampleSize: number
  lowSample: boolean
  p90?: number | null
  penalties?: Array<{ value: number, unit: string }>
}

const DATE = /^\d{4}-\d{2}-\d{2}$/
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i
export const STEP: Record<Period, string> = { day: '1 day', week: '1 week', month: '1 month' }
const MAX_BUCKETS = 1000
const DAY_MS = 86_400_000
const MIN_PERIOD_DAYS: Record<Period, number> = { day: 1, week: 7, month: 28 }

/** A date or RFC 3339 date-time; throws a 400 TMF Error otherwise. */
export function checkInstant (name: string, value: string): string {
  const ok = (DATE.test(value) && !Number.isNaN(Date.parse(`${value}T00:00:00Z`))) || (DATE_TIME.test(value) && !Number.isNaN(Date.parse(value)))
  if (!ok) throw badRequest(`${name} must be a date (YYYY-MM-DD) or an RFC 3339 date-time, got '${value}'`)
  return value
}

/**
 * SQL for the instant of a `from`/`to` parameter: a date is local midnight in the zone (a `to`
 * date includes that whole day, so the next local midnight); a date-time is itself.
 */
export function instantSql (value: string, param: string, tzParam: string, end: boolean): string {
  if (DATE.test(value)) return `((${param}::date + ${end ? 1 : 0})::timestamp AT TIME ZONE ${tzParam})`
  return `${param}::timestamptz`
}

/** A rough bound on the span, to refuse from ≥ to and series over MAX_BUCKETS buckets before querying. */
export function checkSpan (req: Pick<SeriesRequest, 'period' | 'from' | 'to'>): void {
  const at = (v: string, end: boolean): number => DATE.test(v) ? Date.parse(`${v}T00:00:00Z`) + (end ? DAY_MS : 0) : Date.parse(v)
  const from = at(req.from, false)
  const to = at(req.to, true)
  // Dates are compared as UTC midnights: exact for date against date, within a day otherwise.
  if (!(from < to)) throw badRequest(`from (${req.from}) must be before to (${req.to})`)
  if ((to - from) / DAY_MS / MIN_PERIOD_DAYS[req.period] > MAX_BUCKETS) throw badRequest(`at most ${MAX_BUCKETS} ${req.period} periods per series`)
}

/** `+hh:mm` offset of a local wall time (`YYYY-MM-DDTHH:MI:SS`) against its UTC instant. */
function withOffset (local: string, epochSeconds: number): string {
  const minutes = Math.round((Date.parse(`${local}Z`) - epochSeconds * 1000) / 60_000)
  if (minutes === 0) return `${local}Z`
  const a = Math.abs(minutes)
  return `${local}${minutes < 0 ? '-' : '+'}${String(Math.floor(a / 60)).padStart(2, '0')}:${String(a % 60).padStart(2, '0')}`
}

interface Row { start_local: string, start_epoch: number | string, end_local: string, end_epoch: number | string, value: number | null, n: number | string | null, p90: number | null, penalties: Array<{ value: number, unit: string }> | null }

/**
 * The series of `def` for `req`, computed in one SQL statement over `cx_fact`: buckets are local
 * calendar periods of `req.tz` (`date_trunc` of the local wall time; ISO weeks start on Monday),
 * so they begin at local midnight and a DST change makes a day 23 or 25 hours long; empty buckets
 * come from generate_series. The series covers whole buckets: the first holds `from`, the last the
 * instant before `to`. Throws a 400 TMF Error for a bad span; the caller validates the rest.
 */
export async function kpiSeries (db: Queryable, def: KpiDefinition, req: SeriesRequest): Promise<SeriesPoint[]> {
  checkSpan(req)
  const params: unknown[] = [req.period, req.tz, req.from, req.to, STEP[req.period], def.kinds]
  const add = (v: unknown): string => { params.push(v); return `$${params.length}` }
  const conds = ['f.kind = ANY($6::text[])', def.where ?? 'TRUE']
  const { partner, customer, segment, productOffering, channel } = req.filters
  if (partner !== undefined) conds.push(`f.partners @> ARRAY[${add(partner)}::text]`)
  if (customer !== undefined) conds.push(`f.customer_id = ${add(customer)}`)
  if (productOffering !== undefined) conds.push(`f.offerings @> ARRAY[${add(productOffering)}::text]`)
  if (channel !== undefined) conds.push(`f.channels @> ARRAY[${add(channel)}::text]`)
  if (segment !== undefined) {
    conds.push(`EXISTS (SELECT 1 FROM cx_entity c WHERE c.kind = 'customer' AND c.id = f.customer_id AND NOT c.deleted
      AND c.doc->'characteristic' @> jsonb_build_array(jsonb_build_object('name', 'segment', 'value', ${add(segment)}::text)))`)
  }
  const bucket = 'date_trunc($1, f.at AT TIME ZONE $2)'
  const range = 'f.at >= (SELECT lo FROM span) AND f.at < (SELECT hi FROM span)'
  const agg = def.byCurrency === true
    ? `per_unit AS (
         SELECT ${bucket} AS ls, f.unit, ${def.value} AS value, ${def.sample} AS n FROM cx_fact f ${def.join ?? ''}
         WHERE ${range} AND ${conds.join(' AND ')} GROUP BY 1, 2
       ), agg AS (
         SELECT ls, CASE WHEN count(*) = 1 THEN max(value) END AS value, sum(n) AS n, NULL::float8 AS p90,
           jsonb_agg(jsonb_build_object('value', value, 'unit', coalesce(unit, '')) ORDER BY unit) AS penalties
         FROM per_unit GROUP BY ls
       )`
    : `agg AS (
         SELECT ${bucket} AS ls, ${def.value} AS value, ${def.sample} AS n, ${def.p90 ?? 'NULL::float8'} AS p90, NULL::jsonb AS penalties
         FROM cx_fact f ${def.join ?? ''} WHERE ${range} AND ${conds.join(' AND ')} GROUP BY 1
       )`
  const sql = `
    WITH buckets AS (
      SELECT g AS ls FROM generate_series(
        date_trunc($1, ${instantSql(req.from, '$3', '$2', false)} AT TIME ZONE $2),
        (${instantSql(req.to, '$4', '$2', true)} AT TIME ZONE $2) - interval '1 microsecond',
        $5::interval) AS g
    ), span AS (
      SELECT min(ls) AT TIME ZONE $2 AS lo, (max(ls) + $5::interval) AT TIME ZONE $2 AS hi FROM buckets
    ), ${agg}
    SELECT to_char(b.ls, 'YYYY-MM-DD"T"HH24:MI:SS') AS start_local, extract(epoch FROM b.ls AT TIME ZONE $2)::float8 AS start_epoch,
      to_char(b.ls + $5::interval, 'YYYY-MM-DD"T"HH24:MI:SS') AS end_local, extract(epoch FROM (b.ls + $5::interval) AT TIME ZONE $2)::float8 AS end_epoch,
      a.value, a.n, a.p90, a.penalties
    FROM buckets b LEFT JOIN agg a ON a.ls = b.ls ORDER BY b.ls`
  const rows = (await db.query<Row>(sql, params)).rows
  return rows.map((r) => {
    const n = Number(r.n ?? 0)
    const value = n === 0 ? null : r.value === null ? null : Number(r.value)
    return {
      periodStart: withOffset(r.start_local, Number(r.start_epoch)),
      periodEnd: withOffset(r.end_local, Number(r.end_epoch)),
      value,
      sampleSize: n,
      lowSample: n < req.minSample,
      ...(def.p90 === undefined ? {} : { p90: n === 0 || r.p90 === null ? null : Number(r.p90) }),
      ...(def.byCurrency === true ? { penalties: (r.penalties ?? []).map((p) => ({ value: Number(p.value), unit: p.unit })) } : {})
    }
  })
}
