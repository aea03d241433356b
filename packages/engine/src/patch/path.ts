import { badRequest } from '@cx/errors'
import { assertSafeKey } from './guard.ts'
import { parseJsonPath } from './jsonpath.ts'
import { parsePointer, unescapeToken } from './pointer.ts'

/** One equality test inside a query: the (dotted) attribute of an element must equal `value` as a string. */
export interface Condition {
  attribute: string[]
  value: string
}

/**
 * A step of a parsed path: either a reference token (an object member or an array index) or,
 * in JSON Patch Query, a selector standing for every element of an array that meets all conditions.
 */
export type Segment =
  | { kind: 'key', token: string }
  | { kind: 'select', conditions: Condition[] }

export interface ParsedPath {
  raw: string
  segments: Segment[]
}

export type PathParser = (path: string) => ParsedPath

export const keySegment = (token: string): Segment => ({ kind: 'key', token })

/** RFC 6902 paths: a plain JSON Pointer, where '?' is an ordinary character. */
export function parsePlainPath (path: string): ParsedPath {
  return checked({ raw: path, segments: parsePointer(path).map(keySegment) })
}

/**
 * TMF630 Part 5 paths: a JSON Pointer whose segments may end in `?attr=value&other.attr=value`
 * (e.g. `/relatedParty?role=customer/partyOrPartyRole/name`), or the JSONPath form
 * `$.note[?(@.id=='77456')].text`. Both become the same segments.
 */
export function parseQueryPath (path: string): ParsedPath {
  if (path.startsWith('$')) return checked({ raw: path, segments: parseJsonPath(path) })
  if (path === '') return { raw: path, segments: [] }
  if (!path.startsWith('/')) throw badRequest(`Path '${path}' must be empty, start with '/' or start with '$'`)
  const segments: Segment[] = []
  for (const raw of path.slice(1).split('/')) {
    const mark = raw.indexOf('?')
    if (mark === -1) {
      segments.push(keySegment(unescapeToken(raw, path)))
    } else {
      segments.push(keySegment(unescapeToken(raw.slice(0, mark), path)))
      segments.push({ kind: 'select', conditions: parseConditions(raw.slice(mark + 1), path) })
    }
  }
  return checked({ raw: path, segments })
}

// `a=1&b.c=x`: the value runs to the next '&' (or the next '/', already split off), so a value
// that needs '/' or '~' uses the JSON Pointer escapes ~1 and ~0.
function parseConditions (query: string, path: string): Condition[] {
  return query.split('&').map(part => {
    const equals = part.indexOf('=')
    if (equals <= 0) throw badRequest(`Query '${part}' in path '${path}' must have the form attribute=value`)
    const attribute = part.slice(0, equals).split('.').map(name => unescapeToken(name, path))
    if (attribute.some(name => name === '')) throw badRequest(`Query '${part}' in path '${path}' has an empty attribute name`)
    return { attribute, value: unescapeToken(part.slice(equals + 1), path) }
  })
}

function checked (parsed: ParsedPath): ParsedPath {
  const where = `in path '${parsed.raw}'`
  for (const segment of parsed.segments) {
    if (segment.kind === 'key') {
      assertSafeKey(segment.token, where)
    } else {
      for (const { attribute } of segment.conditions) attribute.forEach(name => assertSafeKey(name, where))
    }
  }
  return parsed
}
