/** The caller of a CX Suite API, as every query and event delivery sees it. */
export const OPERATOR_ROLE = 'operator'

export interface Principal {
  subject: string
  /** The partner (organization) the caller acts for; null for operators without one and for anonymous callers. */
  partnerId: string | null
  roles: string[]
  isOperator: boolean
  anonymous: boolean
}

// Principals are shared between requests (the constants below and the verification cache),
// so they are frozen: one handler must never be able to change another caller's identity.
export function makePrincipal (principal: Principal): Principal {
  Object.freeze(principal.roles)
  return Object.freeze(principal)
}

/** Embedded mode's caller without a token: the suite runs with zero setup, so it may do everything. */
export const ANONYMOUS_OPERATOR: Principal = makePrincipal({
  subject: 'anonymous',
  partnerId: null,
  roles: [OPERATOR_ROLE],
  isOperator: true,
  anonymous: true
})

/** Production's caller on a public path: no partner and no roles, so scoping lets it see nothing. */
export const ANONYMOUS_PUBLIC: Principal = makePrincipal({
  subject: 'anonymous',
  partnerId: null,
  roles: [],
  isOperator: false,
  anonymous: true
})
