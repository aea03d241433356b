import { badRequest } from '@cx/errors'
import { buildConditions, FILTER_PARAM } from './conditions.ts'
import { parseFields } from './fields.ts'
import { controlAndFilters } from './list-query.ts'
import { decodeComponent, splitQueryString } from './query-string.ts'
import type { Condition, PathOptions } from './types.ts'

/**
 * Reads a hub subscription query such as `eventType=A,B&event.troubleTicket.severity=Critical&fields=id`
 * with the same filter grammar as list queries (`;` OR included). Paging and sorting mean nothing
 * for a stream of events, and JSONPath `filter=` is evaluated by the database only, so those are
 * a 400 here.
 */
export function parseFilter (queryString: string, opts: PathOptions = {}): { conditions: Condition[], fields: string[] | undefined } {
  const { control, filters } = controlAndFilters(splitQueryString(queryString))
  for (const name of control.keys()) {
    if (name !== 'fields') throw badRequest(`'${name}' is not allowed in a subscription query`)
  }
  for (const clause of filters) {
    if (clause.expressions.some((e) => decodeComponent(e.key) === FILTER_PARAM)) {
      throw badRequest(`'${FILTER_PARAM}' (JSONPath) is not supported in a subscription query; use attribute filters`)
    }
  }
  const fields = control.get('fields')
  return { conditions: buildConditions(filters, opts), fields: fields === undefined ? undefined : parseFields(fields) }
}
