import { compareJson } from './json-compare.ts'
import { isComparison, isPathFilter, type Comparison, type Condition } from './types.ts'

type Obj = Record<string, unknown>

/** What the value would be after JSON serialisation (the form the database sees), or undefined if dropped. */
function asJson (value: unknown): unknown {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null
  if (typeof value === 'bigint') return Number(value)
  if (typeof value === 'function' || typeof value === 'symbol') return undefined
  if (value !== null && typeof value === 'object' && typeof (value as { toJSON?: unknown }).toJSON === 'function') {
    return asJson((value as { toJSON: () => unknown }).toJSON())
  }
  return value
}

function isObject (value: unknown): value is Obj {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
}

function member (target: unknown, key: string, out: unknown[]): void {
  if (!isObject(target) || !Object.hasOwn(target, key)) return
  const v = asJson(target[key])
  if (v !== undefined) out.push(v)
}

/**
 * The items a lax-mode `$."a"."b"` yields. A member accessor on an array applies to its elements,
 * one level deep only: an array nested in an array is skipped, as PostgreSQL does.
 */
function evaluatePath (root: unknown, path: readonly string[]): unknown[] {
  let items: unknown[] = [asJson(root)]
  for (const key of path) {
    const next: unknown[] = []
    for (const item of items) {
      if (Array.isArray(item)) for (const element of item) member(asJson(element), key, next)
      else member(item, key, next)
    }
    items = next
  }
  return items
}

/** Lax unwrapping twice: the filter `?` unwraps an array item, then the comparison unwraps `@`. */
function anyComparison (items: readonly unknown[], c: Comparison): boolean {
  for (const item of items) {
    for (const candidate of Array.isArray(item) ? item : [item]) {
      for (const leaf of Array.isArray(candidate) ? candidate : [candidate]) {
        const json = asJson(leaf) ?? null
        if (c.values.some((v) => compareJson(json, c.op, v))) return true
      }
    }
  }
  return false
}

function matchesCondition (doc: unknown, c: Condition): boolean {
  if (isPathFilter(c)) return false // JSONPath filters are evaluated by the database only; parseFilter refuses them.
  if (!isComparison(c)) return c.anyOf.some((x) => matchesCondition(doc, x))
  const items = evaluatePath(doc, c.path)
  if (c.op === 'ne') return items.length > 0 && !anyComparison(items, c)
  return anyComparison(items, c)
}

/**
 * Evaluates AND-ed conditions in memory (hub subscriptions filter events before they reach any
 * table). Gives the same answer as `conditionsToSql` would for the same document.
 */
export function matchesConditions (value: unknown, conditions: Condition[]): boolean {
  return conditions.every((c) => matchesCondition(value, c))
}
