/**
 * Rewrites JSON Schema 2019+ numeric bounds (`exclusiveMinimum: 0`, a number) in the OpenAPI
 * 3.0 form (`minimum: 0, exclusiveMinimum: true`). TypeBox and ajv validate with the numeric
 * form, but OpenAPI 3.0.3 (§4.7.24, from JSON Schema Wright draft 00) defines the keywords as
 * booleans, so generators and linters reject the numeric one. Applied to the whole exported
 * document, so every declaration can keep writing the form its validator understands.
 * Returns a new object; the input is not changed.
 */
export function oas30Bounds<T> (doc: T): T {
  return rewrite(doc) as T
}

function rewrite (node: unknown): unknown {
  if (Array.isArray(node)) return node.map(rewrite)
  if (node === null || typeof node !== 'object') return node
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(node)) out[k] = rewrite(v)
  for (const [exclusive, inclusive] of [['exclusiveMinimum', 'minimum'], ['exclusiveMaximum', 'maximum']] as const) {
    const bound = out[exclusive]
    if (typeof bound !== 'number') continue
    // Both given: the tighter one wins, as a validator would apply both.
    const other = out[inclusive]
    const exclusiveWins = typeof other !== 'number' || (inclusive === 'minimum' ? bound >= other : bound <= other)
    if (exclusiveWins) {
      out[inclusive] = bound
      out[exclusive] = true
    } else {
      delete out[exclusive]
    }
  }
  return out
}
