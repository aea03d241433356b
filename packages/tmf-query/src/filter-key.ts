import { badRequest } from '@cx/errors'
import { OPERATORS, type Operator } from './types.ts'
import { MAX_SEGMENTS, splitPath } from './segments.ts'

export interface FilterKey { path: string[], op: Operator, value: string }

const SYMBOLS: ReadonlyArray<readonly [string, Operator]> = [
  ['>=', 'gte'], ['<=', 'lte'], ['!=', 'ne'], ['>', 'gt'], ['<', 'lt']
]

// The querystring parser splits `a>=v` at the first '=', so the operator symbol ends up glued to the
// key: `a>` means gte, `a<` lte, `a!` ne.
const TRAILING: Readonly<Record<string, Operator>> = { '>': 'gte', '<': 'lte', '!': 'ne' }

function isOperator (s: string): s is Operator {
  return (OPERATORS as readonly string[]).includes(s)
}

/** Finds `a>v`-style keys (from `a>v` or a fully encoded `a%3E%3Dv`), which arrive with an empty value. */
function splitSymbolKey (key: string): { name: string, op: Operator, value: string } | undefined {
  let best: { at: number, symbol: string, op: Operator } | undefined
  for (const [symbol, op] of SYMBOLS) {
    const at = key.indexOf(symbol)
    if (at > 0 && (best === undefined || at < best.at || (at === best.at && symbol.length > best.symbol.length))) {
      best = { at, symbol, op }
    }
  }
  if (best === undefined) return undefined
  return { name: key.slice(0, best.at), op: best.op, value: key.slice(best.at + best.symbol.length) }
}

/**
 * Reads one query parameter into a path, an operator and the raw (still comma-joined) value.
 * Supports `a.b`, `a.b.gte`, and the URL symbol forms `a>=v`, `a<=v`, `a!=v`, `a>v`, `a<v`.
 */
export function parseFilterKey (key: string, value: string): FilterKey {
  let name = key
  let op: Operator | undefined
  const last = key.slice(-1)
  const trailing = TRAILING[last]
  if (trailing !== undefined && key.length > 1) {
    name = key.slice(0, -1)
    op = trailing
  } else {
    const symbolic = splitSymbolKey(key)
    if (symbolic !== undefined) {
      if (value !== '') {
        throw badRequest(`filter '${key}=${value}' is ambiguous: use ${symbolic.name}.${symbolic.op}=value`)
      }
      name = symbolic.name
      op = symbolic.op
      value = symbolic.value
    }
  }

  // One extra segment is allowed for a trailing operator such as `.gte`.
  const path = splitPath(name, 'filter', MAX_SEGMENTS + 1)
  const tail = path[path.length - 1]
  if (path.length > 1 && tail !== undefined && isOperator(tail)) {
    if (op !== undefined) throw badRequest(`filter '${key}' has two operators`)
    path.pop()
    op = tail
  }
  if (path.length > MAX_SEGMENTS) throw badRequest(`filter '${key}' has more than ${MAX_SEGMENTS} segments`)
  return { path, op: op ?? 'eq', value }
}
