import { badRequest } from '@cx/errors'
import { isDateOnly, normaliseDateTime } from './dates.ts'
import type { Operator, ValueType } from './types.ts'

type Value = string | number | boolean

// What a client may type for a number attribute (`+1`, `.5`, `1e3`), versus what an untyped value
// must look like to also be tried as a JSON number (so an id like `007` stays a string).
const LOOSE_NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/
const JSON_NUMBER = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/

// PostgreSQL rejects NUL in jsonpath strings, and lone surrogates cannot be encoded as UTF-8.
const UNENCODABLE = /[\u0000\uD800-\uDFFF]/u // eslint-disable-line no-control-regex

function isOrdering (op: Operator): boolean {
  return op !== 'eq' && op !== 'ne'
}

function toNumber (raw: string, pattern: RegExp): number | undefined {
  if (!pattern.test(raw)) return undefined
  const n = Number(raw)
  return Number.isFinite(n) ? n : undefined
}

function untyped (raw: string, op: Operator): Value[] {
  const out: Value[] = []
  const date = normaliseDateTime(raw)
  // Stored date-times are normalised to UTC ISO text, so the normalised form compares as a date.
  // The raw text is kept too (a `format: date` attribute holds `2024-01-01`) except for full
  // timestamps under an ordering operator, where comparing the raw text would give wrong answers.
  const keepRaw = date === undefined || !isOrdering(op) || isDateOnly(raw)
  if (keepRaw) out.push(raw)
  if (date !== undefined && (!keepRaw || date !== raw)) out.push(date)
  const n = toNumber(raw, JSON_NUMBER)
  if (n !== undefined) out.push(n)
  if (raw === 'true' || raw === 'false') out.push(raw === 'true')
  return out
}

function typed (raw: string, type: ValueType, path: string): Value {
  switch (type) {
    case 'number':
    case 'integer': {
      const n = toNumber(raw, LOOSE_NUMBER)
      if (n === undefined) throw badRequest(`filter '${path}' expects a number, got '${raw}'`)
      return n
    }
    case 'boolean':
      if (raw === 'true' || raw === 'false') return raw === 'true'
      throw badRequest(`filter '${path}' expects true or false, got '${raw}'`)
    case 'date-time': {
      const date = normaliseDateTime(raw)
      if (date === undefined) throw badRequest(`filter '${path}' expects a date-time (RFC 3339) or a date, got '${raw}'`)
      return date
    }
    default:
      return raw
  }
}

/** Turns the raw OR-ed strings of one filter into typed, normalised, de-duplicated candidates. */
export function coerceValues (raw: readonly string[], type: ValueType, op: Operator, path: string): Value[] {
  if (type === 'object') throw badRequest(`filter '${path}' targets a structured attribute; filter on one of its members`)
  const out: Value[] = []
  for (const value of raw) {
    if (UNENCODABLE.test(value)) throw badRequest(`filter '${path}' has a value with an unsupported character`)
    for (const v of type === 'unknown' ? untyped(value, op) : [typed(value, type, path)]) {
      if (!out.some((o) => o === v)) out.push(v)
    }
  }
  return out
}
