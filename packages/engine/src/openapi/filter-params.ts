import { Type, type TSchema } from 'typebox'

/** What the derivation needs to know about a resource of one API version. */
export interface FilterSource {
  /** The resource schema of this version (v5 shape, or the v4 one). */
  resource: TSchema
  /** Resolves a `$ref` to a component schema of the same version. */
  resolve: (id: string) => TSchema | undefined
  /** The lifecycle attribute (`status`, `state`), always a filter. */
  lifecycleField?: string | undefined
}

interface JsonSchema {
  type?: string
  format?: string
  $ref?: string
  const?: unknown
  enum?: unknown[]
  anyOf?: JsonSchema[]
  items?: JsonSchema
  properties?: Record<string, JsonSchema>
  description?: string
}

const SCALARS = new Set(['string', 'number', 'integer', 'boolean'])
/** Link and class-hierarchy attributes nobody filters on. */
const SKIPPED = new Set(['href', '@baseType', '@schemaLocation'])
const DATE_OPERATORS = ['gt', 'gte', 'lt', 'lte'] as const

function deref (s: JsonSchema | undefined, source: FilterSource): JsonSchema | undefined {
  if (s?.$ref === undefined) return s
  return source.resolve(s.$ref.replace(/^#\/components\/schemas\//, '')) as JsonSchema | undefined
}

/** The literal values of a `Type.Union` of literals (or an enum), else undefined. */
function literals (s: JsonSchema): unknown[] | undefined {
  if (s.enum !== undefined) return s.enum
  if (s.anyOf?.every((b) => b.const !== undefined || b.enum?.length === 1) === true) return s.anyOf.map((b) => b.const ?? b.enum?.[0])
  return undefined
}

const param = (description: string): TSchema => Type.String({ description })

/**
 * The common TMF630 filters of a resource, derived from its schema so every resource gets them
 * without declaring anything: each top-level scalar attribute (`attr=a,b` means a OR b), the
 * lifecycle attribute, `.gt/.gte/.lt/.lte` on every date-time attribute, and the related party
 * id and role (v5 `relatedParty.partyOrPartyRole.id`, v4 `relatedParty.id`). Values are strings
 * because a filter value may be a comma-separated list. Any other attribute path can still be
 * used as a filter; these are the ones a generated client types.
 */
export function filterParameters (source: FilterSource): Record<string, TSchema> {
  const props = (source.resource as JsonSchema).properties ?? {}
  const out: Record<string, TSchema> = {}
  for (const [name, raw] of Object.entries(props)) {
    if (SKIPPED.has(name)) continue
    const s = deref(raw, source)
    if (s === undefined) continue
    const values = literals(s)
    if (values !== undefined) {
      out[name] = param(`Filter: one of ${values.join(', ')} (comma-separated values mean OR)`)
    } else if (s.type !== undefined && SCALARS.has(s.type)) {
      out[name] = param(`Filter on ${name}: equal to the value (comma-separated values mean OR)`)
    } else if (name === source.lifecycleField) {
      out[name] = param(`Filter on the lifecycle attribute ${name} (comma-separated values mean OR)`)
    }
    if (s.type === 'string' && s.format === 'date-time') {
      for (const op of DATE_OPERATORS) out[`${name}.${op}`] = Type.String({ format: 'date-time', description: `Filter: ${name} ${op} the given date-time (ISO 8601)` })
    }
  }
  Object.assign(out, partyFilters(deref(props.relatedParty?.items, source)))
  return out
}

function partyFilters (item: JsonSchema | undefined): Record<string, TSchema> {
  const p = item?.properties
  if (p === undefined) return {}
  const role = { 'relatedParty.role': param('Filter: the role of a related party, e.g. customer or partner') }
  if (p.partyOrPartyRole !== undefined) {
    return { 'relatedParty.partyOrPartyRole.id': param('Filter: the id of a related party (TMF v5 RelatedPartyRefOrPartyRoleRef)'), ...role }
  }
  if (p.id !== undefined) return { 'relatedParty.id': param('Filter: the id of a related party'), ...role }
  return {}
}
