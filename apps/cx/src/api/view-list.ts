import type { TSchema } from 'typebox'
import type { Queryable } from '@cx/store'
import { conditionsToSql, describeJsonSchemaPath, parseListQuery, sortToSql, type PathInfo } from '@cx/tmf-query'

/** A read-model table served as a read-only TMF630 collection of the jsonb documents in `doc`. */
export interface ReadView {
  table: string
  /** The representation's schema (typed filters: dates compare as dates, numbers as numbers). */
  schema: TSchema
  refs: Record<string, object>
  /** The order when the client gives no `sort` (must be total, for stable paging). */
  defaultOrder: string
}

export interface ListSettings { defaultLimit: number, maxLimit: number }

export interface ViewPage { total: number, docs: Array<Record<string, unknown>>, fields: string[] | undefined, offset: number, limit: number }

/**
 * One page of a read view: the TMF630 query (filters, sort, offset/limit; `fields` is returned for
 * the caller to apply) translated to SQL by @cx/tmf-query, AND the caller's `scope` predicate
 * (a trusted SQL fragment using `params`). Errors: 400 TmfError for a query the layer refuses.
 */
export async function listView (q: Queryable, view: ReadView, query: Record<string, unknown>, settings: ListSettings, scope: { sql: string, params: unknown[] }): Promise<ViewPage> {
  const cache = new Map<string, PathInfo>()
  const describe = (p: string[]): PathInfo => {
    const key = p.join('.')
    let info = cache.get(key)
    if (info === undefined) { info = describeJsonSchemaPath(view.schema, p, view.refs); cache.set(key, info) }
    return info
  }
  const lq = parseListQuery(query, { defaultLimit: settings.defaultLimit, maxLimit: settings.maxLimit, describe })
  const params = [...scope.params]
  const where = `${scope.sql} AND ${conditionsToSql(lq.conditions, 'doc', params)}`
  const order = [sortToSql(lq.sort, 'doc'), view.defaultOrder].filter((s) => s !== '').join(', ')
  const limit = `$${params.push(lq.limit)}`
  const offset = `$${params.push(lq.offset)}`
  const res = await q.query<{ doc: Record<string, unknown>, total: string }>(
    `SELECT doc, count(*) OVER () AS total FROM ${view.table} WHERE ${where} ORDER BY ${order} LIMIT ${limit} OFFSET ${offset}`, params)
  let total = Number(res.rows[0]?.total ?? 0)
  if (res.rows.length === 0 && (lq.offset > 0 || lq.limit === 0)) {
    // An empty page past the end (or limit 0) still reports how many match.
    total = Number((await q.query<{ n: string }>(`SELECT count(*) AS n FROM ${view.table} WHERE ${where}`, params.slice(0, -2))).rows[0]?.n ?? 0)
  }
  return { total, docs: res.rows.map((r) => r.doc), fields: lq.fields, offset: lq.offset, limit: lq.limit }
}
