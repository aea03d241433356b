import type { Doc } from './declaration.ts'

type Schema = Record<string, unknown>

/**
 * Rewrites every `format: date-time` value to UTC ISO-8601 with milliseconds. Stored dates then
 * compare correctly as strings, which lets filters and sorts on dates run inside the jsonb
 * indexes without casts. Runs after validation, so every value is a valid RFC 3339 date.
 */
export function normalizeDates (doc: Doc, schema: object, refs: ReadonlyMap<string, object>): Doc {
  return walk(doc, schema as Schema, refs, 0) as Doc
}

function walk (value: unknown, schema: Schema | undefined, refs: ReadonlyMap<string, object>, depth: number): unknown {
  if (schema === undefined || depth > 32) return value
  const ref = schema.$ref
  if (typeof ref === 'string') return walk(value, refs.get(ref.replace(/#$/, '')) as Schema | undefined, refs, depth + 1)
  for (const key of ['anyOf', 'oneOf', 'allOf'] as const) {
    const branches = schema[key]
    if (Array.isArray(branches)) {
      for (const b of branches) value = walk(value, b as Schema, refs, depth + 1)
    }
  }
  if (typeof value === 'string' && schema.format === 'date-time') {
    const ms = Date.parse(value)
    return Number.isNaN(ms) ? value : new Date(ms).toISOString()
  }
  if (Array.isArray(value)) {
    const items = schema.items as Schema | undefined
    return items === undefined ? value : value.map((v) => walk(v, items, refs, depth + 1))
  }
  if (value !== null && typeof value === 'object') {
    const props = schema.properties as Record<string, Schema> | undefined
    if (props === undefined) return value
    const out: Doc = { ...(value as Doc) }
    for (const [k, sub] of Object.entries(props)) {
      if (k in out) out[k] = walk(out[k], sub, refs, depth + 1)
    }
    return out
  }
  return value
}
