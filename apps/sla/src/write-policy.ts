import { isDeepStrictEqual } from 'node:util'
import type { Principal } from '@cx/auth'
import { forbidden } from '@cx/errors'
import type { Doc } from '@cx/engine'

/** Agreements and their breaches are recorded by the operator; partners read them and respond. */
export function requireOperator (principal: Principal, action: string): void {
  if (!principal.isOperator) throw forbidden(`only the operator may ${action}`)
}

/** Top-level attributes that differ between two versions of a document, ignoring some. */
export function changedAttributes (before: Doc, after: Doc, ignore: readonly string[] = []): string[] {
  const keys = new Set([...Object.keys(before), ...Object.keys(after)])
  return [...keys].filter((k) => !ignore.includes(k) && !isDeepStrictEqual(before[k], after[k]))
}
