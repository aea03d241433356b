import { badRequest } from '@cx/errors'
import type { Comparison, Operator } from './types.ts'

const COMPARATOR: Readonly<Record<Operator, string>> = { eq: '==', ne: '==', gt: '>', gte: '>=', lt: '<', lte: '<=' }

/**
 * A JSON path literal for one candidate value. JSON.stringify escapes `"`, `\` and control
 * characters exactly as jsonpath string literals expect; NUL and lone surrogates cannot be
 * represented at all, so they are refused rather than sent to PostgreSQL.
 */
export function jsonpathLiteral (value: string | number | boolean): string {
  if (typeof value === 'string') {
    if (/[\u0000\uD800-\uDFFF]/u.test(value)) throw badRequest('filter value has an unsupported character') // eslint-disable-line no-control-regex
    return JSON.stringify(value)
  }
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw badRequest('filter value is not a finite number')
    // String() gives `1e+21`, `5e-7`, `-3`, all valid jsonpath numbers (a leading minus is unary).
    return String(value)
  }
  return value ? 'true' : 'false'
}

/** `$."a"."b"`: quoted keys, so no segment can be read as a jsonpath keyword or method. */
export function jsonpathAccessor (path: readonly string[]): string {
  return '$' + path.map((segment) => '.' + jsonpathLiteral(segment)).join('')
}

/**
 * The lax-mode path `$."a"."b" ? (@ op v1 || @ op v2)`. Lax mode unwraps arrays at every step,
 * which is what TMF dot notation into arrays means. For `ne` this is the equality test that the
 * SQL negates.
 */
export function conditionJsonpath (condition: Comparison): string {
  const op = COMPARATOR[condition.op]
  const tests = condition.values.map((v) => `@ ${op} ${jsonpathLiteral(v)}`)
  return `${jsonpathAccessor(condition.path)} ? (${tests.join(' || ')})`
}
