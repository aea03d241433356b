import type { Operator } from './types.ts'

/**
 * UTF-16 order differs from code point order only when a surrogate meets a unit in E000–FFFF.
 * PostgreSQL compares jsonpath strings as UTF-8 bytes, which is code point order.
 */
function rank (unit: number): number {
  if (unit >= 0xE000) return unit - 0x800
  if (unit >= 0xD800) return unit + 0x2000
  return unit
}

export function compareCodePoints (a: string, b: string): number {
  const n = Math.min(a.length, b.length)
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i)
    const y = b.charCodeAt(i)
    if (x !== y) return rank(x) - rank(y)
  }
  return a.length - b.length
}

/**
 * One jsonpath comparison `item op value` as PostgreSQL evaluates it: numbers numerically,
 * strings by code point, false < true, and anything else (null, another type, an object or an
 * array) is never true for these operators. `ne` compares for equality; the caller negates.
 */
export function compareJson (item: unknown, op: Operator, value: string | number | boolean): boolean {
  if (typeof item !== typeof value) return false
  let cmp: number
  if (typeof item === 'string') cmp = compareCodePoints(item, value as string)
  else if (typeof item === 'number') cmp = item === value ? 0 : item < (value as number) ? -1 : 1
  else if (typeof item === 'boolean') cmp = item === value ? 0 : item ? 1 : -1
  else return false
  switch (op) {
    case 'eq':
    case 'ne': return cmp === 0
    case 'gt': return cmp > 0
    case 'gte': return cmp >= 0
    case 'lt': return cmp < 0
    case 'lte': return cmp <= 0
  }
}
