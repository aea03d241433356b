import { badRequest } from '@cx/errors'
import { splitPath } from './segments.ts'
import { unknownPath, type PathOptions, type SortKey } from './types.ts'

export const MAX_SORT_KEYS = 10

/** Reads `sort=-creationDate,name` (a leading `-` sorts descending, `+` or nothing ascending). */
export function parseSort (values: readonly string[], opts: PathOptions = {}): SortKey[] {
  // A `+` that was not percent-encoded arrives as a space; trimming makes `+name` work either way.
  const items = values.join(',').split(',').map((s) => s.trim()).filter((s) => s !== '')
  if (items.length > MAX_SORT_KEYS) throw badRequest(`at most ${MAX_SORT_KEYS} sort keys are allowed`)
  return items.map((item) => {
    const descending = item.startsWith('-')
    const name = descending || item.startsWith('+') ? item.slice(1) : item
    const raw = splitPath(name, 'sort key')
    const path = opts.mapPath?.(raw) ?? raw
    if (path.length === 0) throw badRequest(`sort key '${item}' does not name an attribute`)
    const info = opts.describe?.(path) ?? unknownPath()
    // A value reached through an array has no single position in an order. An undeclared path is
    // allowed: where it runs into an array the sort value is simply NULL.
    if (info.known && info.throughArray) throw badRequest(`cannot sort on '${name}': it goes through an array`)
    return { path, descending }
  })
}
