import { resolveRef, type Schema, type SchemaContext } from './json-schema-ref.ts'
import { unknownPath, type PathInfo, type ValueType } from './types.ts'

const MAX_DEPTH = 32
const COMBINATORS = ['anyOf', 'oneOf', 'allOf'] as const
// Keywords that say something about the shape of a value; a node with none of them accepts anything.
const SHAPE = ['type', 'properties', 'patternProperties', 'additionalProperties', 'items', 'prefixItems', 'const', 'enum', 'format']

function asSchema (value: unknown): Schema | undefined {
  if (value === true) return {}
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? value as Schema : undefined
}

function list (value: unknown): Schema[] {
  return Array.isArray(value) ? value.map(asSchema).filter((s) => s !== undefined) : []
}

function constrains (node: Schema): boolean {
  return SHAPE.some((k) => k in node)
}

/** Flattens `$ref` and the combinators into the plain alternatives a value may match. */
function expand (node: Schema, ctx: SchemaContext, out: Schema[], depth = 0, inAllOf = false): Schema[] {
  if (depth > MAX_DEPTH) return out
  const composite = typeof node.$ref === 'string' || COMBINATORS.some((k) => Array.isArray(node[k]))
  // Inside allOf an unconstrained branch adds nothing; elsewhere it means "anything goes".
  if (composite ? constrains(node) : !inAllOf || constrains(node)) out.push(node)
  if (typeof node.$ref === 'string') {
    const target = resolveRef(node.$ref, ctx)
    if (target !== undefined) expand(target, ctx, out, depth + 1)
  }
  for (const k of COMBINATORS) {
    for (const branch of list(node[k])) expand(branch, ctx, out, depth + 1, k === 'allOf')
  }
  return out
}

function declaredTypes (node: Schema): string[] {
  const t = node.type
  if (typeof t === 'string') return [t]
  if (Array.isArray(t)) return t.filter((x): x is string => typeof x === 'string')
  if ('properties' in node || 'patternProperties' in node || 'additionalProperties' in node) return ['object']
  if ('items' in node || 'prefixItems' in node) return ['array']
  const samples = 'const' in node ? [node.const] : Array.isArray(node.enum) ? node.enum : []
  return samples.map((v) => v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v === 'number' ? (Number.isInteger(v) ? 'integer' : 'number') : typeof v)
}

/** Replaces array alternatives by their item schemas (at any depth), noting that an array was crossed. */
function unwrapArrays (nodes: Schema[], ctx: SchemaContext, state: { throughArray: boolean }, depth = 0): Schema[] {
  const out: Schema[] = []
  for (const node of nodes) {
    const types = declaredTypes(node)
    if (!types.includes('array')) {
      out.push(node)
      continue
    }
    state.throughArray = true
    if (types.some((t) => t !== 'array' && t !== 'null')) out.push(node)
    const single = asSchema(node.items)
    const items = [...list(node.prefixItems), ...list(node.items), ...(single === undefined ? [] : [single])]
    const expanded = items.length === 0 ? [{}] : items.flatMap((s) => expand(s, ctx, []))
    out.push(...(depth < MAX_DEPTH ? unwrapArrays(expanded, ctx, state, depth + 1) : expanded))
  }
  return out
}

function memberSchemas (node: Schema, key: string): Schema[] | 'any' | undefined {
  const declared = asSchema(node.properties)?.[key]
  if (declared !== undefined) return list([declared])
  const patterns = asSchema(node.patternProperties) ?? {}
  const matched = Object.entries(patterns).filter(([pattern]) => {
    try { return new RegExp(pattern, 'u').test(key) } catch { return false }
  })
  if (matched.length > 0) return list(matched.map(([, s]) => s))
  const extra = node.additionalProperties
  if (extra === true || (extra === undefined && declaredTypes(node).length === 0)) return 'any'
  return extra === undefined || extra === false ? undefined : list([extra])
}

function valueType (nodes: Schema[]): ValueType {
  const found = new Set<ValueType>()
  for (const node of nodes) {
    const types = declaredTypes(node).filter((t) => t !== 'null' && t !== 'array')
    if (types.length === 0 && !declaredTypes(node).includes('null')) found.add('unknown')
    for (const t of types) {
      if (t === 'string') found.add(node.format === 'date-time' ? 'date-time' : 'string')
      else if (t === 'number' || t === 'integer' || t === 'boolean' || t === 'object') found.add(t)
      else found.add('unknown')
    }
  }
  if (found.size === 2 && found.has('number') && found.has('integer')) return 'number'
  const [only] = found
  return found.size === 1 && only !== undefined ? only : 'unknown'
}

/** The values the leaves allow when every leaf lists them (const/enum of scalars), else undefined. */
function enumOf (nodes: Schema[]): Array<string | number | boolean> | undefined {
  const values: Array<string | number | boolean> = []
  for (const node of nodes) {
    const listed = 'const' in node ? [node.const] : Array.isArray(node.enum) ? node.enum as unknown[] : undefined
    if (listed === undefined) {
      // A node that only says "null" or "array of…" adds no value of its own; anything else is open.
      const types = declaredTypes(node)
      if (types.length > 0 && types.every((t) => t === 'null' || t === 'array')) continue
      return undefined
    }
    for (const v of listed) {
      if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') {
        if (!values.includes(v)) values.push(v)
      } else if (v !== null) return undefined
    }
  }
  return values.length > 0 ? values : undefined
}

/**
 * Describes a dot path of a JSON Schema (TypeBox 1.x output): the value type at its end, whether
 * an array is crossed, and whether the schema declares it at all. `$ref` is resolved through
 * `refs` (keyed by name or `$id`) and the root's `$defs`/`definitions`.
 */
export function describeJsonSchemaPath (schema: object, path: string[], refs: Record<string, object> = {}): PathInfo {
  const ctx: SchemaContext = { root: schema as Schema, refs }
  const state = { throughArray: false }
  let nodes = expand(ctx.root, ctx, [])
  for (const key of path) {
    const next: Schema[] = []
    let open = false
    for (const node of unwrapArrays(nodes, ctx, state)) {
      const members = memberSchemas(node, key)
      if (members === 'any') open = true
      else if (members !== undefined) for (const m of members) expand(m, ctx, next)
    }
    if (next.length === 0) return unknownPath()
    // A branch that allows any attribute leaves the type open even though another declares it.
    if (open) next.push({})
    nodes = next
  }
  const leaves = unwrapArrays(nodes, ctx, state)
  const allowed = enumOf(leaves)
  const nullable = leaves.some((node) => declaredTypes(node).includes('null'))
  return { type: valueType(leaves), throughArray: state.throughArray, known: true, ...(allowed === undefined ? {} : { enum: allowed }), ...(nullable ? { nullable } : {}) }
}
