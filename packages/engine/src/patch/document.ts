import { badRequest, conflict } from '@cx/errors'
import { isJsonObject, type JsonObject } from './json-value.ts'
import { formatPointer } from './pointer.ts'

/**
 * The primitive edits of RFC 6902 at one concrete location (a list of reference tokens).
 * They mutate the working copy given to them; the caller owns copying and atomicity.
 * A location that does not exist is a 409 (the request conflicts with the resource's state);
 * a token that can never be an array index is a 400 (the request itself is malformed).
 */

type Container = JsonObject | unknown[]

const END_OF_ARRAY = '-'

/** RFC 6901 §4: '0' or digits without a leading zero. '-' (past the end) is left to the caller. */
export function arrayIndex (token: string, tokens: readonly string[]): number {
  if (!/^(?:0|[1-9]\d*)$/.test(token)) {
    throw badRequest(`'${token}' is not a valid array index in path '${formatPointer(tokens)}'`)
  }
  return Number(token)
}

/** The member or element named by `token`, or undefined when there is none (own members only). */
export function lookupChild (container: unknown, token: string, tokens: readonly string[]): { value: unknown } | undefined {
  if (Array.isArray(container)) {
    if (token === END_OF_ARRAY) return undefined
    const index = arrayIndex(token, tokens)
    return index < container.length ? { value: container[index] } : undefined
  }
  if (isJsonObject(container) && Object.hasOwn(container, token)) return { value: container[token] }
  return undefined
}

export function getAt (doc: JsonObject, tokens: readonly string[]): unknown {
  let current: unknown = doc
  tokens.forEach((token, depth) => {
    const child = lookupChild(current, token, tokens)
    if (child === undefined) throw missing(tokens.slice(0, depth + 1))
    current = child.value
  })
  return current
}

export function addAt (doc: JsonObject, tokens: readonly string[], value: unknown): void {
  const { parent, last } = parentOf(doc, tokens)
  if (!Array.isArray(parent)) {
    parent[last] = value
    return
  }
  if (last === END_OF_ARRAY) {
    parent.push(value)
    return
  }
  // Adding at index === length is allowed (it appends); beyond that is out of range.
  const index = arrayIndex(last, tokens)
  if (index > parent.length) throw outOfRange(tokens, parent.length)
  parent.splice(index, 0, value)
}

/** Removes and returns the value at `tokens`. */
export function removeAt (doc: JsonObject, tokens: readonly string[]): unknown {
  const { parent, last } = parentOf(doc, tokens)
  if (Array.isArray(parent)) {
    const index = existingIndex(parent, last, tokens)
    return parent.splice(index, 1)[0]
  }
  if (!Object.hasOwn(parent, last)) throw missing(tokens)
  const removed = parent[last]
  delete parent[last]
  return removed
}

export function replaceAt (doc: JsonObject, tokens: readonly string[], value: unknown): void {
  const { parent, last } = parentOf(doc, tokens)
  if (Array.isArray(parent)) {
    parent[existingIndex(parent, last, tokens)] = value
    return
  }
  if (!Object.hasOwn(parent, last)) throw missing(tokens)
  parent[last] = value
}

// The container holding the last token. RFC 6902 §4.1: it must already exist, even for add.
function parentOf (doc: JsonObject, tokens: readonly string[]): { parent: Container, last: string } {
  const last = tokens.at(-1)
  // Operation parsing rejects root edits; this keeps the invariant local as well.
  if (last === undefined) throw badRequest('The whole resource cannot be added, replaced or removed')
  const parentTokens = tokens.slice(0, -1)
  const parent = getAt(doc, parentTokens)
  if (!Array.isArray(parent) && !isJsonObject(parent)) {
    throw conflict(`'${formatPointer(parentTokens)}' is not an object or an array, so '${formatPointer(tokens)}' cannot exist`)
  }
  return { parent, last }
}

function existingIndex (array: unknown[], token: string, tokens: readonly string[]): number {
  if (token === END_OF_ARRAY) throw missing(tokens)
  const index = arrayIndex(token, tokens)
  if (index >= array.length) throw outOfRange(tokens, array.length)
  return index
}

function missing (tokens: readonly string[]): Error {
  return conflict(`Nothing exists at path '${formatPointer(tokens)}'`)
}

function outOfRange (tokens: readonly string[], length: number): Error {
  return conflict(`Array index in path '${formatPointer(tokens)}' is out of range (the array has ${length} elements)`)
}
