export type Schema = Record<string, unknown>

export interface SchemaContext { root: Schema, refs: Record<string, object> }

function isSchema (value: unknown): value is Schema {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
}

function lookup (table: unknown, name: string): Schema | undefined {
  if (!isSchema(table)) return undefined
  const direct = table[name]
  if (isSchema(direct)) return direct
  return Object.values(table).find((s): s is Schema => isSchema(s) && s.$id === name)
}

function decodePointerToken (token: string): string {
  try {
    return decodeURIComponent(token).replace(/~1/g, '/').replace(/~0/g, '~')
  } catch {
    return token
  }
}

/**
 * Finds the schema a `$ref` points to: TypeBox writes bare names (`{$ref: 'PartyRef'}`, matched
 * against keys or `$id`s), other tools write local pointers (`#/$defs/PartyRef`) or URIs whose
 * last segment is the name.
 */
export function resolveRef (ref: string, ctx: SchemaContext): Schema | undefined {
  if (ref === '#' || ref === ctx.root.$id) return ctx.root
  const tail = ref.replace(/#$/, '').split('/').pop() ?? ref
  const name = decodePointerToken(tail)
  for (const key of ref === name ? [ref] : [ref, name]) {
    const found = lookup(ctx.refs, key) ?? lookup(ctx.root.$defs, key) ?? lookup(ctx.root.definitions, key)
    if (found !== undefined) return found
  }
  return undefined
}
