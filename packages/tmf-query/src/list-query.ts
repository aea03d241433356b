import { badRequest } from '@cx/errors'
import { buildConditions } from './conditions.ts'
import { parseFields } from './fields.ts'
import { assertSupported, paramValues } from './params.ts'
import { parseSort } from './sort-keys.ts'
import type { ListQuery, ListQueryOptions, SortKey } from './types.ts'

function nonNegativeInteger (name: string, values: readonly string[]): number {
  const [raw] = values
  if (values.length !== 1 || raw === undefined) throw badRequest(`'${name}' may be given only once`)
  const n = Number(raw)
  if (!/^\d+$/.test(raw) || !Number.isSafeInteger(n)) throw badRequest(`'${name}' must be a non-negative integer, got '${raw}'`)
  return n
}

/**
 * Reads a TMF630 list query (Fastify's parsed querystring). Every parameter that is not
 * `fields`, `offset`, `limit` or `sort` is a filter: none is ever silently ignored.
 */
export function parseListQuery (query: Record<string, unknown>, opts: ListQueryOptions): ListQuery {
  const filters: Array<[string, string[]]> = []
  let fields: string[] | undefined
  let sort: SortKey[] = []
  let offset = 0
  let limit = opts.defaultLimit
  for (const [name, raw] of Object.entries(query)) {
    if (raw === undefined) continue
    assertSupported(name)
    const values = paramValues(name, raw)
    switch (name) {
      case 'fields': fields = parseFields(values); break
      case 'sort': sort = parseSort(values, opts); break
      case 'offset': offset = nonNegativeInteger(name, values); break
      case 'limit': limit = nonNegativeInteger(name, values); break
      default: filters.push([name, values])
    }
  }
  return { conditions: buildConditions(filters, opts), sort, fields, offset, limit: Math.min(limit, opts.maxLimit) }
}
