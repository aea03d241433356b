import { badRequest } from '@cx/errors'
import { buildConditions } from './conditions.ts'
import { parseFields } from './fields.ts'
import { assertSupported, groupSearchParams } from './params.ts'
import type { Condition, PathOptions } from './types.ts'

const PAGING = new Set(['offset', 'limit', 'sort'])

/**
 * Reads a hub subscription query such as `eventType=A,B&event.troubleTicket.severity=Critical&fields=id`
 * with the same filter grammar as list queries. Paging and sorting mean nothing for a stream of events.
 */
export function parseFilter (queryString: string, opts: PathOptions = {}): { conditions: Condition[], fields: string[] | undefined } {
  const filters: Array<[string, string[]]> = []
  let fields: string[] | undefined
  for (const [name, values] of groupSearchParams(queryString)) {
    assertSupported(name)
    if (PAGING.has(name)) throw badRequest(`'${name}' is not allowed in a subscription query`)
    if (name === 'fields') fields = parseFields(values)
    else filters.push([name, values])
  }
  return { conditions: buildConditions(filters, opts), fields }
}
