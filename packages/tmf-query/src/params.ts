import { TmfError, badRequest } from '@cx/errors'

/** TMF v5 additions this engine does not implement: a 501 tells the client so instead of ignoring them. */
const UNSUPPORTED = new Set(['filter', 'before', 'after'])

export function assertSupported (name: string): void {
  if (UNSUPPORTED.has(name)) {
    throw new TmfError(501, 'ERR501', 'Not Implemented', `query parameter '${name}' (JSONPath filters and cursors) is not supported; use attribute filters and offset/limit`)
  }
}

/** A parsed querystring value as a list of strings: Fastify gives a string, or an array when repeated. */
export function paramValues (name: string, raw: unknown): string[] {
  if (typeof raw === 'string') return [raw]
  if (typeof raw === 'number' || typeof raw === 'boolean') return [String(raw)]
  if (Array.isArray(raw) && raw.every((v) => typeof v === 'string')) return raw
  throw badRequest(`query parameter '${name}' has an unsupported value`)
}

/** Groups `a=1&a=2&b=3` into `{a: ['1','2'], b: ['3']}` keeping first-seen order. */
export function groupSearchParams (query: string): Map<string, string[]> {
  const grouped = new Map<string, string[]>()
  for (const [key, value] of new URLSearchParams(query)) {
    const list = grouped.get(key)
    if (list === undefined) grouped.set(key, [value])
    else list.push(value)
  }
  return grouped
}
