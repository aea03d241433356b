/** Deep equality of JSON values, ignoring key order (a merge patch may reorder keys). */
export function sameJson (a: unknown, b: unknown): boolean {
  if (a === b) return true
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((x, i) => sameJson(x, b[i]))
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object' || Array.isArray(b)) return false
  const ka = Object.keys(a)
  const kb = Object.keys(b)
  const bo = b as Record<string, unknown>
  return ka.length === kb.length && ka.every((k) => k in bo && sameJson((a as Record<string, unknown>)[k], bo[k]))
}
