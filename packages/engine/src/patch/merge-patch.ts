import { badRequest } from '@cx/errors'
import { isJsonObject, type JsonObject } from './json-value.ts'

/**
 * RFC 7386 JSON Merge Patch. `doc` is not touched: the result is built on a deep copy, and patch
 * values are copied too so the result never aliases the request body.
 */
export function applyMergePatch (doc: JsonObject, patch: unknown): JsonObject {
  // A non-object patch would replace the whole resource, which a PATCH on a resource must not do.
  if (!isJsonObject(patch)) throw badRequest('A merge patch body must be a JSON object')
  const result = structuredClone(doc)
  mergeMembers(result, patch)
  return result
}

function mergeMembers (target: JsonObject, patch: JsonObject): void {
  for (const [key, value] of Object.entries(patch)) {
    // `undefined` cannot come from JSON; skipping it keeps JS callers from adding phantom keys.
    if (value === undefined) continue
    if (value === null) {
      delete target[key]
    } else if (isJsonObject(value)) {
      const current = Object.hasOwn(target, key) ? target[key] : undefined
      // RFC 7386: a non-object target is replaced by an empty object before merging into it,
      // which is also how nulls inside a brand-new object get dropped.
      const child: JsonObject = isJsonObject(current) ? current : {}
      mergeMembers(child, value)
      target[key] = child
    } else {
      // Arrays and scalars replace whatever was there.
      target[key] = structuredClone(value)
    }
  }
}
