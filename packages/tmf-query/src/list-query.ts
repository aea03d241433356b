import { badRequest } from '@cx/errors'
import { buildConditions } from './conditions.ts'
import { parseFields } from './fields.ts'
import { assertSupported } from './params.ts'
import { decodeComponent, queryObjectToString, splitQueryString, type RawClause } from './query-string.ts'
import { parseSort } from './sort-keys.ts'
import type { ListQuery, ListQueryOptions, SortKey } from './types.ts'

/** Parameters that shape the answer rather than filter it. */
export const CONTROL_PARAMS = new Set(['fields', 'offset', 'limit', 'sort'])

function nonNegativeInteger (name: string, values: readonly string[]): number {
  const [raw] = values
  if (values.length !== 1 || raw === undefined) throw badRequest(`'${name}' may be given only once`)
  const n = Number(raw)
  if (!/^\d+$/.test(raw) || !Number.isSafeInteger(n)) throw badRequest(`'${name}' must be a non-negative integer, got '${raw}'`)
  return n
}

/**
 * Separates the control parameters (`fields`, `offset`, `limit`, `sort`) from the filter clauses,
 * refusing them inside a `;` OR and refusing the v5 cursors this engine does not implement.
 */
export function controlAndFilters (clauses: RawClause[]): { control: Map<string, string[]>, filters: RawClause[] } {
  const control = new Map<string, string[]>()
  const filters: RawClause[] = []
  for (const clause of clauses) {
    const names = clause.expressions.map((e) => decodeComponent(e.key))
    for (const name of names) assertSupported(name)
    const reserved = names.find((n) => CONTROL_PARAMS.has(n))
    if (reserved === undefined) {
      filters.push(clause)
      continue
    }
    if (clause.expressions.length > 1) throw badRequest(`'${reserved}' cannot be joined to other expressions with ';' (only filters can be OR-ed)`)
    const e = clause.expressions[0]
    if (e === undefined) continue
    // A `;` inside a control parameter is part of its value (and then refused as a name or number).
    control.set(reserved, [...(control.get(reserved) ?? []), decodeComponent([e.value, ...e.more].join(';'))])
  }
  return { control, filters }
}

/**
 * Reads a TMF630 list query: the raw query string (what follows `?`, still percent-encoded; the
 * exact form, since `;` and `%3B` differ) or a Fastify-parsed query object. Every parameter
 * that is not `fields`, `offset`, `limit` or `sort` is a filter: none is ever silently ignored.
 * Throws a 400 TmfError for anything it cannot evaluate exactly, a 501 for `before`/`after`.
 */
export function parseListQuery (query: string | Record<string, unknown>, opts: ListQueryOptions): ListQuery {
  const { control, filters } = controlAndFilters(splitQueryString(typeof query === 'string' ? query : queryObjectToString(query)))
  const fields = control.get('fields')
  const sort = control.get('sort')
  const offset = control.get('offset')
  const limit = control.get('limit')
  return {
    conditions: buildConditions(filters, opts),
    sort: sort === undefined ? [] as SortKey[] : parseSort(sort, opts),
    fields: fields === undefined ? undefined : parseFields(fields),
    offset: offset === undefined ? 0 : nonNegativeInteger('offset', offset),
    limit: Math.min(limit === undefined ? opts.defaultLimit : nonNegativeInteger('limit', limit), opts.maxLimit)
  }
}
