/** The value type a filter is coerced to; `unknown` keeps the text and also tries the number/boolean it spells. */
export type ValueType = 'string' | 'number' | 'integer' | 'boolean' | 'date-time' | 'object' | 'unknown'

/**
 * What the resource schema says about a dot path. `throughArray` is true when any step (or the
 * value itself) may be an array; `known` is false when the schema does not declare the path.
 */
export interface PathInfo {
  type: ValueType
  throughArray: boolean
  known: boolean
  /** Every value the schema allows there, when it lists them (`enum`/`const` on every alternative). */
  enum?: ReadonlyArray<string | number | boolean>
  /** The schema allows a JSON null there (`type: [..., 'null']` or a null alternative). */
  nullable?: boolean
}

export type Operator = 'eq' | 'ne' | 'gt' | 'gte' | 'lt' | 'lte'

/** One attribute filter (`a.b.gte=v1,v2`). `values` are OR-ed and already coerced/normalised for `type`. */
export interface Comparison {
  path: string[]
  op: Operator
  values: Array<string | number | boolean>
  type: ValueType
  /** The schema declares a single value at this path (no array on the way), so plain SQL can compare it. */
  scalar?: boolean
}

/**
 * A TMF630 Part 6 JSONPath `filter=` expression, already translated into a PostgreSQL SQL/JSON
 * path (lax mode) that yields an item exactly when the document matches. `expression` is the
 * client's text, for messages.
 */
export interface PathFilter {
  jsonpath: string
  expression: string
}

/** Whole expressions joined by `;` (`status=acknowledged;severity=Critical`): any one may match. */
export interface AnyOf {
  anyOf: Array<Comparison | PathFilter>
}

/** One AND-ed member of a query. */
export type Condition = Comparison | PathFilter | AnyOf

export function isComparison (c: Condition): c is Comparison {
  return 'op' in c
}

export function isPathFilter (c: Condition): c is PathFilter {
  return 'jsonpath' in c
}

export interface SortKey { path: string[], descending: boolean }

export interface ListQuery {
  conditions: Condition[]
  sort: SortKey[]
  /** First-level attribute names to return; `[]` for `fields=none`; undefined for the whole document. */
  fields: string[] | undefined
  offset: number
  limit: number
}

export interface PathOptions {
  describe?: (path: string[]) => PathInfo
  /**
   * Refuse (400) a value outside a path's `enum`. Lists leave it off (such a filter matches
   * nothing, exactly); hub subscriptions turn it on, so a misspelt event type or state is said at
   * subscription time instead of silently never matching.
   */
  closedEnums?: boolean
  /** Renames applied before `describe`, e.g. v4 `relatedParty.id` to v5 `relatedParty.partyOrPartyRole.id`. */
  mapPath?: (path: string[]) => string[]
}

export interface ListQueryOptions extends PathOptions { defaultLimit: number, maxLimit: number }

export const OPERATORS: readonly Operator[] = ['eq', 'ne', 'gt', 'gte', 'lt', 'lte']

/** Without a schema nothing is known, so assume the worst: any step may be an array. */
export function unknownPath (): PathInfo {
  return { type: 'unknown', throughArray: true, known: false }
}
