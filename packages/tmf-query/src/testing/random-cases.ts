import { OPERATORS, type Condition, type ValueType } from '../types.ts'

// Seeded generators for the differential test: random documents full of the awkward shapes
// (arrays in arrays, nulls, mixed types, surrogate pairs) and random conditions over them, so the
// SQL and in-memory evaluators are compared on far more cases than anyone would write by hand.

export type Random = () => number

/** mulberry32: tiny, deterministic, good enough to pick test data. */
export function seeded (seed: number): Random {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6D2B79F5) >>> 0
    let x = Math.imul(a ^ (a >>> 15), 1 | a)
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296
  }
}

function pick<T> (r: Random, from: readonly T[]): T {
  const item = from[Math.floor(r() * from.length)]
  if (item === undefined) throw new Error('pick from an empty list')
  return item
}

const KEYS = ['a', 'b', 'c']
const STRINGS = ['a', 'b', 'B', '1', '2', '10', '', 'é', '😀', '\uFFFD', 'x"y\\z', '2024-01-01T00:00:00.000Z', '2024-06-01T00:00:00.000Z']
const NUMBERS = [-1, 0, 1, 1.5, 2, 10, 1e21]
const BOOLEANS = [true, false]
const SCALARS: unknown[] = [...STRINGS, ...NUMBERS, ...BOOLEANS, null]

function randomValue (r: Random, depth: number): unknown {
  const roll = r()
  if (depth >= 3 || roll < 0.45) return pick(r, SCALARS)
  if (roll < 0.75) return Array.from({ length: Math.floor(r() * 4) }, () => randomValue(r, depth + 1))
  return randomObject(r, depth + 1)
}

function randomObject (r: Random, depth: number): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const key of KEYS) if (r() < 0.6) out[key] = randomValue(r, depth)
  return out
}

export function randomDocs (r: Random, count: number): Array<Record<string, unknown>> {
  return Array.from({ length: count }, (_, i) => ({ id: `d${String(i).padStart(3, '0')}`, ...randomObject(r, 0) }))
}

const VALUES_BY_TYPE: Record<string, ReadonlyArray<string | number | boolean>> = {
  string: STRINGS,
  number: NUMBERS,
  boolean: BOOLEANS,
  'date-time': ['2024-01-01T00:00:00.000Z', '2024-06-01T00:00:00.000Z', '2025-01-01T00:00:00.000Z'],
  unknown: [...STRINGS, ...NUMBERS, ...BOOLEANS]
}

export function randomCondition (r: Random): Condition {
  const type = pick(r, ['string', 'number', 'boolean', 'date-time', 'unknown'] as const satisfies readonly ValueType[])
  const path = Array.from({ length: 1 + Math.floor(r() * 3) }, () => pick(r, KEYS))
  const count = r() < 0.05 ? 0 : 1 + Math.floor(r() * 3)
  const pool = VALUES_BY_TYPE[type] ?? []
  return { path, op: pick(r, OPERATORS), type, values: Array.from({ length: count }, () => pick(r, pool)) }
}
