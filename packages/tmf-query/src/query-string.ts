import { badRequest } from '@cx/errors'

/**
 * One `name=value` expression of a query string, still percent-encoded. `more` holds the
 * `;`-separated segments after it that do not start an expression of their own
 * (`status=acknowledged;rejected`): more values of the same attribute.
 */
export interface RawExpression { key: string, value: string, more: string[] }

/** One `&`-separated parameter: its `;`-separated expressions are OR-ed (TMF630 Part 1 §4.4). */
export interface RawClause { expressions: RawExpression[] }

export const MAX_QUERY_LENGTH = 16_384

// A segment after `;` starts a new expression when it reads `path=…`, `path.op=…` or a symbol
// form such as `path>=…` / `path<…` (the characters of an attribute path, then an operator).
const EXPRESSION_KEY = /^[A-Za-z0-9_@$.-]+[<>!]?$/
const SYMBOL_EXPRESSION = /^[A-Za-z0-9_@$.-]+[<>]/

/** `+` is a space and `%XX` a byte, as in application/x-www-form-urlencoded; malformed escapes are a 400. */
export function decodeComponent (raw: string): string {
  try {
    return decodeURIComponent(raw.replace(/\+/g, ' '))
  } catch {
    throw badRequest(`the query string has a malformed percent-encoding: '${raw.slice(0, 100)}'`)
  }
}

function startsExpression (segment: string): boolean {
  const eq = segment.indexOf('=')
  if (eq > 0) return EXPRESSION_KEY.test(decodeComponent(segment.slice(0, eq)))
  return SYMBOL_EXPRESSION.test(decodeComponent(segment))
}

function expression (segment: string): RawExpression {
  const eq = segment.indexOf('=')
  return eq < 0 ? { key: segment, value: '', more: [] } : { key: segment.slice(0, eq), value: segment.slice(eq + 1), more: [] }
}

/**
 * Splits a raw query string (what follows `?`, not yet decoded) into clauses. `&` separates
 * clauses (AND), `;` separates OR-ed expressions inside one. Splitting happens before decoding,
 * so `%26` and `%3B` are literal characters of a value.
 */
export function splitQueryString (query: string): RawClause[] {
  if (query.length > MAX_QUERY_LENGTH) throw badRequest(`the query string is longer than ${MAX_QUERY_LENGTH} characters`)
  const clauses: RawClause[] = []
  // A leading `?` is tolerated, as URLSearchParams does (hub queries are sometimes stored with it).
  for (const part of (query.startsWith('?') ? query.slice(1) : query).split('&')) {
    if (part === '') continue
    const expressions: RawExpression[] = []
    for (const segment of part.split(';')) {
      const last = expressions[expressions.length - 1]
      if (last === undefined || (segment !== '' && startsExpression(segment))) expressions.push(expression(segment))
      else last.more.push(segment)
    }
    clauses.push({ expressions })
  }
  return clauses
}

/**
 * The query string a Fastify-parsed query object stands for (values already decoded). `,`, `;`
 * and `=` stay literal so they keep their TMF630 meaning (`status=a;severity=b` is one decoded
 * value to Fastify); everything else is re-encoded.
 */
export function queryObjectToString (query: Record<string, unknown>): string {
  const encode = (s: string): string => encodeURIComponent(s).replace(/%2C/gi, ',').replace(/%3B/gi, ';').replace(/%3D/gi, '=')
  const parts: string[] = []
  for (const [key, raw] of Object.entries(query)) {
    if (raw === undefined) continue
    const scalar = typeof raw === 'string' || typeof raw === 'number' || typeof raw === 'boolean'
    // Fastify gives a string, or an array of strings for a repeated parameter.
    if (!scalar && !(Array.isArray(raw) && raw.every((v) => typeof v === 'string'))) {
      throw badRequest(`query parameter '${key}' has an unsupported value`)
    }
    for (const value of scalar ? [raw] : raw as string[]) parts.push(`${encode(key)}=${encode(String(value))}`)
  }
  return parts.join('&')
}
