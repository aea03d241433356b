import { badRequest, conflict } from '@cx/errors'
import type { JsonObject } from './json-value.ts'
import type { Operation } from './operations.ts'
import type { ParsedPath, PathParser } from './path.ts'
import { addAt, getAt, removeAt, replaceAt } from './document.ts'
import { deepEqual } from './json-value.ts'
import { parseOperations } from './operations.ts'
import { resolveTargets } from './resolve.ts'

/**
 * RFC 6902 JSON Patch, and with `parseQueryPath` TMF630 Part 5 JSON Patch Query.
 * Operations run in order against one deep copy of `doc`; any failure throws before the copy
 * is returned, so the patch is all or nothing and `doc` itself is never touched.
 */
export function applyJsonPatch (doc: JsonObject, body: unknown, parsePath: PathParser): JsonObject {
  const operations = parseOperations(body, parsePath)
  const working = structuredClone(doc)
  for (const operation of operations) apply(working, operation)
  return working
}

function apply (doc: JsonObject, operation: Operation): void {
  const { op, path } = operation
  switch (op) {
    case 'add':
      // Last match first: inserting into an array must not shift elements still to be visited.
      for (const target of targets(doc, path).reverse()) addAt(doc, target, structuredClone(operation.value))
      return
    case 'remove':
      for (const target of targets(doc, path).reverse()) removeAt(doc, target)
      return
    case 'replace':
      for (const target of targets(doc, path)) replaceAt(doc, target, structuredClone(operation.value))
      return
    case 'test':
      for (const target of targets(doc, path)) {
        if (!deepEqual(getAt(doc, target), operation.value)) {
          throw conflict(`Test failed: the value at '${path.raw}' is not the expected value`, 'ERR409')
        }
      }
      return
    case 'copy': {
      const value = getAt(doc, single(doc, requiredFrom(operation)))
      for (const target of targets(doc, path).reverse()) addAt(doc, target, structuredClone(value))
      return
    }
    case 'move':
      move(doc, requiredFrom(operation), path)
  }
}

// RFC 6902 §4.4: remove at `from`, then add at `path`, where `path` is read after the removal.
function move (doc: JsonObject, from: ParsedPath, path: ParsedPath): void {
  const source = single(doc, from)
  const destination = single(doc, path)
  if (source.length < destination.length && source.every((token, index) => token === destination[index])) {
    throw badRequest(`Cannot move '${from.raw}' into its own child '${path.raw}'`)
  }
  const value = removeAt(doc, source)
  addAt(doc, single(doc, path), value)
}

function targets (doc: JsonObject, path: ParsedPath): string[][] {
  const found = resolveTargets(doc, path.segments)
  if (found.length === 0) throw conflict(`No element matches path '${path.raw}'`)
  return found
}

// `from`, and the destination of a move, must name one location: a value cannot come from,
// or be moved to, several places at once.
function single (doc: JsonObject, path: ParsedPath): string[] {
  const found = targets(doc, path)
  const [first] = found
  if (first === undefined || found.length > 1) {
    throw conflict(`Path '${path.raw}' matches ${found.length} elements where exactly one is needed`)
  }
  return first
}

function requiredFrom (operation: Operation): ParsedPath {
  // parseOperations guarantees `from` for move and copy; this only narrows the type.
  if (operation.from === undefined) throw badRequest(`'${operation.op}' requires 'from'`)
  return operation.from
}
