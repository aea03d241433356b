import { badRequest } from '@cx/errors'
import { coerceValues } from './coerce.ts'
import { parseFilterKey, type FilterKey } from './filter-key.ts'
import { parseJsonPathFilter } from './jsonpath-filter.ts'
import { jsonPathFilterToPostgres } from './jsonpath-filter-pg.ts'
import { decodeComponent, type RawClause, type RawExpression } from './query-string.ts'
import { unknownPath, type Comparison, type Condition, type PathFilter, type PathInfo, type PathOptions } from './types.ts'

export const MAX_CONDITIONS = 30
export const MAX_VALUES = 100

/** The query parameter that carries a TMF630 Part 6 JSONPath expression. */
export const FILTER_PARAM = 'filter'

// TMF630 and its toolkits name more operators than this engine evaluates. Answering `severity.like=Maj`
// as a filter on an attribute `like` would be a silently wrong (empty) list, so these are refused.
const UNSUPPORTED_OPERATORS = new Set(['like', 'likei', 'regex', 'regexi', 'contains', 'containsi', 'startswith', 'startswithi',
  'endswith', 'endswithi', 'in', 'nin', 'between', 'isnull', 'isnotnull', 'exists', 'eqi', 'nei'])
const SCALAR_TYPES = new Set(['string', 'number', 'integer', 'boolean', 'date-time'])

/** Values of one expression: the main value and its `;` continuations, each split on `,`, then decoded. */
function valuesOf (e: RawExpression): string[] {
  return [e.value, ...e.more].flatMap((v) => v.split(',')).map(decodeComponent)
}

function pathFilter (e: RawExpression, opts: PathOptions): PathFilter {
  // A JSONPath may itself hold `,`; only an unencoded `;` would have split it, so it is put back.
  const expression = decodeComponent([e.value, ...e.more].join(';')).trim()
  return { jsonpath: jsonPathFilterToPostgres(expression, parseJsonPathFilter(expression), opts), expression }
}

/** Refuses a filter whose last segment is an operator this engine does not evaluate. */
function checkOperator (key: string, parsed: FilterKey, path: string[], info: PathInfo, opts: PathOptions): void {
  if (info.known || parsed.path.length < 2) return
  const tail = parsed.path[parsed.path.length - 1] ?? ''
  const parent = path.slice(0, -1)
  const parentInfo = parent.length === 0 ? unknownPath() : opts.describe?.(parent) ?? unknownPath()
  if (UNSUPPORTED_OPERATORS.has(tail.toLowerCase()) || (parentInfo.known && SCALAR_TYPES.has(parentInfo.type))) {
    throw badRequest(`filter '${key}': '${tail}' is neither an attribute of ${parent.join('.')} nor a supported operator (eq, ne, gt, gte, lt, lte)`, 'ERR400-OPERATOR')
  }
}

function checkEnum (key: string, values: ReadonlyArray<string | number | boolean>, allowed: ReadonlyArray<string | number | boolean>): void {
  const outside = values.filter((v) => !allowed.includes(v))
  if (outside.length > 0) {
    throw badRequest(`filter '${key}': ${outside.map((v) => `'${String(v)}'`).join(', ')} is not one of ${allowed.join(', ')}`, 'ERR400-ENUM')
  }
}

class Builder {
  private comparisons = 0
  private values = 0

  constructor (private readonly opts: PathOptions) {}

  private count (values: number): void {
    this.values += values
    if (this.values > MAX_VALUES) throw badRequest(`a query may carry at most ${MAX_VALUES} filter values`)
    if (++this.comparisons > MAX_CONDITIONS) throw badRequest(`a query may carry at most ${MAX_CONDITIONS} filters`)
  }

  /** The OR-ed values of every occurrence of one attribute key, as one comparison. */
  comparison (key: string, occurrences: readonly RawExpression[]): Comparison {
    let parsed: FilterKey | undefined
    const values: string[] = []
    // A symbol form (`a>=5`) carries its value in the key, so each value is read with its key.
    for (const v of occurrences.flatMap(valuesOf)) {
      parsed = parseFilterKey(key, v)
      values.push(parsed.value)
    }
    parsed ??= parseFilterKey(key, '')
    this.count(values.length)
    const path = this.opts.mapPath?.(parsed.path) ?? parsed.path
    if (path.length === 0) throw badRequest(`filter '${key}' does not name an attribute`)
    const info = this.opts.describe?.(path) ?? unknownPath()
    checkOperator(key, parsed, path, info, this.opts)
    const coerced = coerceValues(values, info.type, parsed.op, key)
    if (this.opts.closedEnums === true && info.enum !== undefined) checkEnum(key, coerced, info.enum)
    return { path, op: parsed.op, values: coerced, type: info.type, ...(info.known && !info.throughArray ? { scalar: true } : {}) }
  }

  filter (e: RawExpression): PathFilter {
    this.count(1)
    return pathFilter(e, this.opts)
  }

  expression (e: RawExpression): Comparison | PathFilter {
    const key = decodeComponent(e.key)
    return key === FILTER_PARAM ? this.filter(e) : this.comparison(key, [e])
  }
}

/**
 * Builds the AND-ed conditions of a query from its filter clauses (TMF630 Part 1 §4.4):
 * - a parameter's values split on `,` are OR-ed, and so are repeats of the same parameter;
 * - `;` joins whole expressions into one OR (`status=acknowledged;severity=Critical`), and a
 *   segment after `;` that is not an expression is one more value (`status=a;b`);
 * - `filter` is a JSONPath expression (TMF630 Part 6), repeated `filter`s are OR-ed.
 * Conditions come in the order their parameters first appear.
 */
export function buildConditions (clauses: Iterable<RawClause>, opts: PathOptions = {}): Condition[] {
  const builder = new Builder(opts)
  const entries: Array<{ key: string, occurrences: RawExpression[] } | { group: RawExpression[] }> = []
  const byKey = new Map<string, RawExpression[]>()
  for (const { expressions } of clauses) {
    const [first] = expressions
    if (first === undefined) continue
    if (expressions.length > 1) {
      entries.push({ group: expressions })
      continue
    }
    const key = decodeComponent(first.key)
    const seen = byKey.get(key)
    if (seen !== undefined) {
      seen.push(first)
      continue
    }
    const occurrences = [first]
    byKey.set(key, occurrences)
    entries.push({ key, occurrences })
  }
  return entries.map((entry): Condition => {
    if ('group' in entry) return { anyOf: entry.group.map((e) => builder.expression(e)) }
    if (entry.key !== FILTER_PARAM) return builder.comparison(entry.key, entry.occurrences)
    const filters = entry.occurrences.map((e) => builder.filter(e))
    return filters.length === 1 ? filters[0] as PathFilter : { anyOf: filters }
  })
}
