import type { Principal } from './principal.ts'

/**
 * The parties whose resources the principal may see: null means unrestricted (operator).
 * A non-operator without a partner gets an empty list, so a query scoped by it matches nothing.
 */
export function scopeParties (principal: Principal): string[] | null {
  if (principal.isOperator) return null
  return principal.partnerId === null ? [] : [principal.partnerId]
}

/** Whether the principal may see a resource whose related parties are `partyIds`. */
export function canSee (principal: Principal, partyIds: readonly string[]): boolean {
  if (principal.isOperator) return true
  return principal.partnerId !== null && partyIds.includes(principal.partnerId)
}
