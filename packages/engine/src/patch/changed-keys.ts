import type { JsonObject } from './json-value.ts'
import { deepEqual } from './json-value.ts'

/**
 * Top-level attributes a PATCH added, removed or changed (deeply, ignoring key order), in the
 * order of `after` followed by removed keys in the order of `before`. Services use it for
 * AttributeValueChange events and to refuse edits to non-patchable fields.
 */
export function changedTopLevelKeys (before: JsonObject, after: JsonObject): string[] {
  const changed = Object.keys(after).filter(key => !sameMember(before, after, key))
  const removed = Object.keys(before).filter(key => !Object.hasOwn(after, key) && before[key] !== undefined)
  return [...changed, ...removed]
}

// An own member holding `undefined` is treated like a missing one, as JSON would.
function sameMember (before: JsonObject, after: JsonObject, key: string): boolean {
  const old = Object.hasOwn(before, key) ? before[key] : undefined
  return deepEqual(old, after[key])
}
