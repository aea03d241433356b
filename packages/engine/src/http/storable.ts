import { badRequest } from '@cx/errors'
import { MAX_BODY_DEPTH } from '../patch/guard.ts'

/**
 * Why PostgreSQL could not store `value` as text or inside `jsonb`, or undefined when it can:
 * U+0000 is refused by both (PostgreSQL manual §8.3 and §8.14: "\u0000 is disallowed"), and a lone
 * UTF-16 surrogate is not a Unicode scalar value, so it has no UTF-8 form at all (RFC 3629 §3).
 */
export function unstorable (value: string): string | undefined {
  if (value.includes('\u0000')) return 'the NUL character (U+0000)'
  if (LONE_SURROGATE.test(value)) return 'an unpaired UTF-16 surrogate (not valid Unicode)'
  return undefined
}

// A high surrogate not followed by a low one, or a low one not preceded by a high one.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/

/**
 * Checks a parsed JSON body, iteratively (a hostile body must not exhaust the stack of the very
 * check meant to stop it):
 * - nesting at most MAX_BODY_DEPTH levels (no TMF resource comes close; the recursive walkers
 *   behind it — schema validation, projection, patching — stay bounded);
 * - every string and every key storable (see unstorable);
 * - every number finite: `1e400` parses to Infinity, which JSON cannot represent and would be
 *   stored as null (RFC 8259 §6: numbers outside the implementation's range are not interoperable).
 * Throws a 400 TMF Error naming the first offending location (a JSON Pointer, RFC 6901).
 */
export function assertStorableJson (body: unknown): void {
  const pending: Array<{ value: unknown, depth: number, at: string }> = [{ value: body, depth: 0, at: '' }]
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const { value, depth, at } = next
    if (typeof value === 'string') {
      const why = unstorable(value)
      if (why !== undefined) throw badRequest(`the value at '${at}' contains ${why}`, 'ERR400-INVALID-CHARACTER')
      continue
    }
    if (typeof value === 'number') {
      if (!Number.isFinite(value)) throw badRequest(`the number at '${at}' is too large to be represented`, 'ERR400-INVALID-NUMBER')
      continue
    }
    if (typeof value !== 'object' || value === null) continue
    if (depth >= MAX_BODY_DEPTH) throw badRequest(`the body is nested deeper than ${MAX_BODY_DEPTH} levels`, 'ERR400-TOO-DEEP')
    if (Array.isArray(value)) {
      value.forEach((item, i) => pending.push({ value: item, depth: depth + 1, at: `${at}/${i}` }))
      continue
    }
    for (const [key, child] of Object.entries(value)) {
      const why = unstorable(key)
      if (why !== undefined) throw badRequest(`a key ${at === '' ? 'of the body' : `in '${at}'`} contains ${why}`, 'ERR400-INVALID-CHARACTER')
      pending.push({ value: child, depth: depth + 1, at: `${at}/${pointerToken(key)}` })
    }
  }
}

// RFC 6901 §3 escaping, and a length cap so an error message never echoes a huge key.
function pointerToken (key: string): string {
  const chars = [...key.replace(/~/g, '~0').replace(/\//g, '~1')]
  return chars.length > 64 ? `${chars.slice(0, 64).join('')}…` : chars.join('')
}
