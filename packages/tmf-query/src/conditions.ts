import { badRequest } from '@cx/errors'
import { coerceValues } from './coerce.ts'
import { parseFilterKey } from './filter-key.ts'
import { unknownPath, type Condition, type PathOptions } from './types.ts'

export const MAX_CONDITIONS = 30
export const MAX_VALUES = 100

/**
 * Builds the AND-ed conditions of a query: each distinct key is one condition whose values
 * (split on `,` and `;`, and over repeats of the key) are OR-ed.
 */
export function buildConditions (params: Iterable<readonly [string, readonly string[]]>, opts: PathOptions = {}): Condition[] {
  const conditions: Condition[] = []
  let valueCount = 0
  for (const [key, occurrences] of params) {
    let parsed: ReturnType<typeof parseFilterKey> | undefined
    const raw: string[] = []
    for (const occurrence of occurrences) {
      parsed = parseFilterKey(key, occurrence)
      raw.push(...parsed.value.split(/[,;]/))
    }
    if (parsed === undefined) continue
    valueCount += raw.length
    if (valueCount > MAX_VALUES) throw badRequest(`a query may carry at most ${MAX_VALUES} filter values`)
    if (conditions.length === MAX_CONDITIONS) throw badRequest(`a query may carry at most ${MAX_CONDITIONS} filters`)

    const path = opts.mapPath?.(parsed.path) ?? parsed.path
    if (path.length === 0) throw badRequest(`filter '${key}' does not name an attribute`)
    const info = opts.describe?.(path) ?? unknownPath()
    conditions.push({ path, op: parsed.op, values: coerceValues(raw, info.type, parsed.op, key), type: info.type, ...(info.known && !info.throughArray ? { scalar: true } : {}) })
  }
  return conditions
}
