import { badRequest } from '@cx/errors'
import type { ParsedPath, PathParser } from './path.ts'
import { isJsonObject } from './json-value.ts'

export const MAX_OPERATIONS = 1000

const OPERATION_NAMES = ['add', 'remove', 'replace', 'move', 'copy', 'test'] as const
export type OperationName = typeof OPERATION_NAMES[number]

/** A JSON Patch operation whose shape has been checked and whose paths have been parsed. */
export interface Operation {
  op: OperationName
  path: ParsedPath
  from?: ParsedPath
  value?: unknown
}

const NEEDS_VALUE: ReadonlySet<OperationName> = new Set(['add', 'replace', 'test'])
const NEEDS_FROM: ReadonlySet<OperationName> = new Set(['move', 'copy'])
// A PATCH edits a resource; swapping or deleting the resource as a whole is PUT/DELETE territory.
const ROOT_FORBIDDEN: ReadonlySet<OperationName> = new Set(['add', 'replace', 'remove', 'move'])

/**
 * Validates a JSON Patch body (RFC 6902 §3/§4) before anything is applied, so a malformed
 * operation late in the list is a 400 without any partial work. Members other than
 * op/path/value/from are ignored, as RFC 6902 §4 requires.
 */
export function parseOperations (body: unknown, parsePath: PathParser): Operation[] {
  if (!Array.isArray(body)) throw badRequest('A JSON Patch body must be an array of operations')
  if (body.length > MAX_OPERATIONS) {
    throw badRequest(`A JSON Patch body may hold at most ${MAX_OPERATIONS} operations (got ${body.length})`)
  }
  return body.map((raw, index) => parseOperation(raw, index, parsePath))
}

function parseOperation (raw: unknown, index: number, parsePath: PathParser): Operation {
  const fail = (problem: string): Error => badRequest(`Operation ${index}: ${problem}`)
  if (!isJsonObject(raw)) throw fail('must be an object')
  const { op, path, from } = raw
  if (!isOperationName(op)) throw fail(`'op' must be one of ${OPERATION_NAMES.join(', ')}`)
  if (typeof path !== 'string') throw fail('\'path\' must be a string')

  const operation: Operation = { op, path: parsePath(path) }
  if (ROOT_FORBIDDEN.has(op) && operation.path.segments.length === 0) {
    throw fail(`'${op}' cannot target the whole resource (path '')`)
  }
  if (NEEDS_VALUE.has(op)) {
    // `value: null` is a legitimate value; only a missing member is an error.
    if (!Object.hasOwn(raw, 'value') || raw.value === undefined) throw fail(`'${op}' requires 'value'`)
    operation.value = raw.value
  }
  if (NEEDS_FROM.has(op)) {
    if (typeof from !== 'string') throw fail(`'${op}' requires 'from' as a string`)
    operation.from = parsePath(from)
  }
  return operation
}

function isOperationName (value: unknown): value is OperationName {
  return typeof value === 'string' && (OPERATION_NAMES as readonly string[]).includes(value)
}
