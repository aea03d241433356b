import { jsonpathAccessor, conditionJsonpath } from './jsonpath.ts'
import { isSafeSegment } from './segments.ts'
import { isComparison, isPathFilter, type Comparison, type Condition, type SortKey } from './types.ts'

function placeholder (params: unknown[], value: string): string {
  params.push(value)
  return `$${params.length}::jsonpath`
}

/**
 * Declared single string attributes the table also holds as typed text columns equal to
 * `doc #>> path`: dot path (`severity`, `creationDate`) → SQL column name. Filters and sorts on
 * them use the column (its statistics and btree indexes) with the same results as on the document.
 */
export type TypedColumns = ReadonlyMap<string, string>

const NO_COLUMNS: TypedColumns = new Map()

function comparisonToSql (c: Comparison, column: string, params: unknown[], typed: TypedColumns): string {
  if (c.scalar === true && c.op === 'eq' && c.values.length > 0 && (c.type === 'string' || c.type === 'date-time')) {
    params.push(c.values.map(String))
    // The typed column holds exactly `doc #>> path`, so the comparison is the same one.
    const own = typed.get(c.path.join('.'))
    if (own !== undefined) return `${own} = ANY($${params.length}::text[])`
    // A declared single string compares as text: the planner can use a btree expression index on
    // it, or keep it as a cheap filter after a more selective index (a GIN lookup on status would
    // otherwise intersect thousands of postings for a handful of rows).
    return `${column} #>> ${textArrayLiteral(c.path)} = ANY($${params.length}::text[])`
  }
  if (c.values.length === 0) {
    // Nothing to compare with: equality-like filters match nothing, `ne` only needs the attribute.
    return c.op === 'ne' ? `${column} @? ${placeholder(params, jsonpathAccessor(c.path))}` : 'FALSE'
  }
  if (c.op !== 'ne') return `${column} @? ${placeholder(params, conditionJsonpath(c))}`
  // `ne`: the attribute exists and none of its values equals a candidate. A document without the
  // attribute does not match, as in the other operators.
  const exists = placeholder(params, jsonpathAccessor(c.path))
  const equal = placeholder(params, conditionJsonpath(c))
  return `(${column} @? ${exists} AND NOT ${column} @? ${equal})`
}

function conditionToSql (c: Condition, column: string, params: unknown[], typed: TypedColumns): string {
  if (isComparison(c)) return comparisonToSql(c, column, params, typed)
  // The translated JSONPath travels as a bound parameter, never as SQL or path text of its own.
  if (isPathFilter(c)) return `${column} @? ${placeholder(params, c.jsonpath)}`
  if (c.anyOf.length === 0) return 'FALSE'
  return `(${c.anyOf.map((x) => conditionToSql(x, column, params, typed)).join(' OR ')})`
}

/**
 * A WHERE fragment for AND-ed conditions over a jsonb `column` (a trusted SQL expression such
 * as `doc` or `t.doc`). Values and JSONPath filters travel as `$n` parameters appended to
 * `params`; equality uses the `@?` form a GIN `jsonb_path_ops` index can serve, or the typed
 * column of a declared single string (see TypedColumns).
 */
export function conditionsToSql (conditions: Condition[], column: string, params: unknown[], typed: TypedColumns = NO_COLUMNS): string {
  if (conditions.length === 0) return 'TRUE'
  const parts = conditions.map((c) => conditionToSql(c, column, params, typed))
  return parts.length === 1 ? parts[0] ?? 'TRUE' : `(${parts.join(' AND ')})`
}

function textArrayLiteral (path: readonly string[]): string {
  for (const segment of path) {
    // Query input is already restricted to these characters; a mapPath must not widen them.
    if (!isSafeSegment(segment)) throw new Error(`unsafe sort path segment: ${JSON.stringify(segment)}`)
  }
  // Quoted so that a segment such as `null` stays text. The constant is the same text[] value as
  // in an expression index `(doc #> '{a,b}')`, so the planner can still match one.
  return `'{${path.map((s) => `"${s}"`).join(',')}}'`
}

/**
 * ORDER BY items (comma-joined, '' when empty). Missing values sort last in both directions.
 * A key with a typed column sorts on the column: for string values the same order as the jsonb
 * (both compare strings in the database's collation), and a btree in that order can serve it.
 */
export function sortToSql (sort: SortKey[], column: string, typed: TypedColumns = NO_COLUMNS): string {
  return sort
    .map((key) => `${typed.get(key.path.join('.')) ?? `${column} #> ${textArrayLiteral(key.path)}`} ${key.descending ? 'DESC NULLS LAST' : 'ASC NULLS LAST'}`)
    .join(', ')
}
