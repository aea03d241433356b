import { badRequest } from '@cx/errors'

// Attribute names in TMF payloads are lowerCamelCase plus the `@type`-style meta attributes; anything
// wider would only widen what reaches SQL and JSON path text.
const SEGMENT = /^[A-Za-z0-9_@$-]+$/

export const MAX_SEGMENTS = 10

export function isSafeSegment (segment: string): boolean {
  return SEGMENT.test(segment)
}

/** Splits a dot path from the query string, rejecting empty or exotic segments with a 400. */
export function splitPath (dotted: string, what: string, maxSegments = MAX_SEGMENTS): string[] {
  const path = dotted.split('.')
  if (path.length > maxSegments) {
    throw badRequest(`${what} '${dotted}' has more than ${MAX_SEGMENTS} segments`)
  }
  for (const segment of path) {
    if (!isSafeSegment(segment)) {
      throw badRequest(`${what} '${dotted}' is not a valid attribute path (letters, digits, _ - @ $ separated by dots)`)
    }
  }
  return path
}
