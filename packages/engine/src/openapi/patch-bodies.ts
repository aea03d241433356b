import { Type, type TSchema } from 'typebox'

/** One RFC 6902 operation; JSON Patch Query (TMF630 Part 5) uses the same shape with a query in `path`. */
export const JsonPatch = Type.Object({
  op: Type.Unsafe<'add' | 'remove' | 'replace' | 'move' | 'copy' | 'test'>({ type: 'string', enum: ['add', 'remove', 'replace', 'move', 'copy', 'test'], description: 'The operation to perform' }),
  path: Type.String({ description: 'A JSON Pointer (RFC 6901); with application/json-patch-query+json it may select array items, e.g. /note?id=2/text' }),
  value: Type.Optional(Type.Unknown({ description: 'The value for add, replace and test' })),
  from: Type.Optional(Type.String({ description: 'A JSON Pointer: the source of move and copy' }))
}, { $id: 'JsonPatch', description: 'A JSON Patch operation (RFC 6902)' })

export const JsonPatchOperations = Type.Array(Type.Ref('JsonPatch'), {
  $id: 'JsonPatchOperations', description: 'A JSON Patch document (RFC 6902), or a JSON Patch Query document (TMF630 Part 5)'
})

export const patchSchemas: readonly TSchema[] = [JsonPatch, JsonPatchOperations]

/** `null` in a merge patch removes the attribute (RFC 7396 §2). */
const NULL = { type: 'string', nullable: true, enum: [null], description: 'null removes the attribute (RFC 7396)' }

interface JsonSchema { type?: unknown, enum?: unknown, const?: unknown, properties?: Record<string, JsonSchema> }

/**
 * The merge-patch view of an `_MVO` schema: every top-level attribute may also be `null`, which
 * removes it (RFC 7396). Written with OpenAPI 3.0 `nullable` so that both ajv (which knows the
 * keyword) and generators (`| null`) read it. Whether removing an attribute is allowed is then the
 * service's call, with a precise error (a required attribute cannot be removed).
 */
export function mergePatchSchema (mvo: TSchema): TSchema {
  const s = mvo as JsonSchema
  if (s.properties === undefined) return mvo
  const properties = Object.fromEntries(Object.entries(s.properties).map(([k, p]) => [k, nullable(p)]))
  return { ...mvo, properties } as TSchema
}

function nullable (p: JsonSchema): JsonSchema {
  // ajv accepts `nullable` only next to a `type`; enums and consts must list null themselves.
  if (typeof p.type === 'string' && p.enum === undefined && p.const === undefined) return { ...p, nullable: true } as JsonSchema
  return { anyOf: [p, NULL] } as JsonSchema
}

/**
 * The PATCH request body, one schema per media type as the official TMF v5 OAS lists them:
 * application/json and merge-patch take the patch object, the two JSON Patch forms take an
 * operation array. Fastify validates each body against the schema of its Content-Type.
 */
export function patchBody (mvoId: string): Record<string, unknown> {
  const mvo = { schema: Type.Ref(mvoId) }
  const ops = { schema: Type.Ref('JsonPatchOperations') }
  return {
    content: {
      'application/json': mvo,
      'application/merge-patch+json': mvo,
      'application/json-patch+json': ops,
      'application/json-patch-query+json': ops
    }
  }
}
