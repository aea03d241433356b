import type { JsonObject } from './json-value.ts'
import type { Condition, Segment } from './path.ts'
import { lookupChild } from './document.ts'
import { isJsonObject } from './json-value.ts'

interface Branch {
  tokens: string[]
  value: unknown
}

/**
 * Expands a parsed path into the concrete locations it addresses, in document order.
 * Without selectors that is exactly one location (nothing is looked up, so `add` may target a
 * new member). With selectors, the document is walked up to the last selector; a branch whose
 * path does not continue simply drops out, and the segments after the last selector are
 * appended unchecked, so `add` can create members inside each matched element.
 */
export function resolveTargets (doc: JsonObject, segments: readonly Segment[]): string[][] {
  const lastSelect = segments.findLastIndex(segment => segment.kind === 'select')
  if (lastSelect === -1) return [segments.map(tokenOf)]

  let branches: Branch[] = [{ tokens: [], value: doc }]
  for (const segment of segments.slice(0, lastSelect + 1)) {
    branches = branches.flatMap(branch => step(branch, segment))
  }
  const tail = segments.slice(lastSelect + 1).map(tokenOf)
  return branches.map(branch => [...branch.tokens, ...tail])
}

function step (branch: Branch, segment: Segment): Branch[] {
  if (segment.kind === 'key') {
    const tokens = [...branch.tokens, segment.token]
    const child = lookupChild(branch.value, segment.token, tokens)
    return child === undefined ? [] : [{ tokens, value: child.value }]
  }
  if (!Array.isArray(branch.value)) return []
  const matched: Branch[] = []
  branch.value.forEach((element, index) => {
    if (matches(element, segment.conditions)) matched.push({ tokens: [...branch.tokens, String(index)], value: element })
  })
  return matched
}

function tokenOf (segment: Segment): string {
  // Only reached for segments after the last selector, which are all keys.
  return segment.kind === 'key' ? segment.token : ''
}

/** An element matches when, for every condition, one of the values its attribute reaches equals the condition's text. */
export function matches (element: unknown, conditions: readonly Condition[]): boolean {
  return conditions.every(({ attribute, value }) => valuesAt(element, attribute).some(found => asText(found) === value))
}

// Follows a dotted attribute. Arrays met on the way fan out, as in TMF630 dot-notation filters
// (`characteristic.name=speed` matches if any characteristic has that name).
function valuesAt (element: unknown, attribute: readonly string[]): unknown[] {
  let current: unknown[] = [element]
  for (const name of attribute) {
    current = current.flatMap(spread).flatMap(value => isJsonObject(value) && Object.hasOwn(value, name) ? [value[name]] : [])
  }
  return current.flatMap(spread)
}

function spread (value: unknown): unknown[] {
  return Array.isArray(value) ? value : [value]
}

// Query values are text, so element values compare by their JSON text form (77456 matches '77456').
function asText (value: unknown): string | undefined {
  if (typeof value === 'string') return value
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) return String(value)
  return undefined
}
