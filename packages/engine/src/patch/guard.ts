import { badRequest } from '@cx/errors'

// Keys that would let a body reach Object.prototype once copied into a resource.
const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype'])

/** Deeper than any TMF resource; stops a hostile body from exhausting the stack of the recursive walkers. */
export const MAX_BODY_DEPTH = 100

export function assertSafeKey (key: string, where: string): void {
  if (FORBIDDEN_KEYS.has(key)) throw badRequest(`The key '${key}' is not allowed (${where})`)
}

/**
 * Rejects a PATCH body holding a forbidden key at any depth, or nested beyond MAX_BODY_DEPTH.
 * Iterative on purpose: the check must not itself overflow the stack on a hostile body.
 */
export function assertSafeBody (body: unknown): void {
  const pending: Array<{ value: unknown, depth: number }> = [{ value: body, depth: 0 }]
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const { value, depth } = next
    if (typeof value !== 'object' || value === null) continue
    if (depth >= MAX_BODY_DEPTH) throw badRequest(`The PATCH body is nested deeper than ${MAX_BODY_DEPTH} levels`)
    if (Array.isArray(value)) {
      for (const item of value) pending.push({ value: item, depth: depth + 1 })
      continue
    }
    for (const [key, child] of Object.entries(value)) {
      assertSafeKey(key, 'in the PATCH body')
      pending.push({ value: child, depth: depth + 1 })
    }
  }
}
