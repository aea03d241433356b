/** Helpers for plain JSON values (what a parsed request body or a stored resource holds). */

export type JsonObject = Record<string, unknown>

export function isJsonObject (value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

// A key holding `undefined` cannot survive JSON serialisation, so it counts as absent.
function definedKeys (value: JsonObject): string[] {
  return Object.keys(value).filter(key => value[key] !== undefined)
}

/**
 * Structural equality as RFC 6902 §4.6 defines it for `test`: arrays compare element by element,
 * objects compare by their members whatever the key order, everything else compares by value.
 */
export function deepEqual (a: unknown, b: unknown): boolean {
  if (a === b) return true
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false
    return a.every((item, index) => deepEqual(item, b[index]))
  }
  // Stores may hand back Date instances; compare them by instant rather than as empty objects.
  if (a instanceof Date || b instanceof Date) {
    return a instanceof Date && b instanceof Date && a.getTime() === b.getTime()
  }
  if (!isJsonObject(a) || !isJsonObject(b)) return false
  const keysA = definedKeys(a)
  const keysB = definedKeys(b)
  if (keysA.length !== keysB.length) return false
  return keysA.every(key => Object.hasOwn(b, key) && deepEqual(a[key], b[key]))
}
