// TMF630 Part 1 §4.3: `fields=none` returns the resource's id and href.
const NONE_KEEPS = ['id', 'href']

/**
 * TMF630 `fields` projection: only the first-level attributes named (a dotted name selects its
 * first segment), plus `keep` (e.g. id, href, @type) whenever the document has them. `undefined`
 * returns the document as is; `[]` or `['none']` (`fields=none`) keeps `keep` plus id and href.
 * Attribute order is the document's.
 */
export function project (doc: Record<string, unknown>, fields: string[] | undefined, keep: readonly string[]): Record<string, unknown> {
  if (fields === undefined) return doc
  const none = fields.every((f) => f === 'none')
  const wanted = new Set(none ? [...keep, ...NONE_KEEPS] : keep)
  for (const field of fields) {
    const first = field.split('.')[0]
    if (first !== undefined && first !== '' && field !== 'none') wanted.add(first)
  }
  const out: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(doc)) {
    if (wanted.has(key)) out[key] = value
  }
  return out
}
