import { isDeepStrictEqual } from 'node:util'
import type { Principal } from '@cx/auth'
import { TmfError } from '@cx/errors'
import type { Doc } from './declaration.ts'
import { PARTNER_ROLE } from './parties.ts'

/** The roles that mark a partner entry on a resource that declares none of its own. */
export const DEFAULT_PARTNER_ROLES: readonly string[] = [PARTNER_ROLE]

interface PartnerEntry { id: string | undefined, entry: Doc }

/** Lower case without surrounding blanks: `Partner`, ` partner ` and `PARTNER` are one role. */
export function normaliseRole (role: unknown): string | undefined {
  return typeof role === 'string' ? role.trim().toLowerCase() : undefined
}

/**
 * The partner entries of a document's relatedParty, in either representation: v5
 * `{role, partyOrPartyRole: {id}}` or v4 flat `{role, id}`. `roles` are lower case.
 */
export function partnerEntries (doc: Doc, roles: ReadonlySet<string>): PartnerEntry[] {
  const related = doc.relatedParty
  if (!Array.isArray(related)) return []
  const found: PartnerEntry[] = []
  for (const item of related as unknown[]) {
    if (item === null || typeof item !== 'object' || Array.isArray(item)) continue
    const entry = item as Doc
    const role = normaliseRole(entry.role)
    if (role === undefined || !roles.has(role)) continue
    const ref = entry.partyOrPartyRole
    const id = ref !== null && typeof ref === 'object' ? (ref as Doc).id : entry.id
    found.push({ id: typeof id === 'string' ? id : undefined, entry })
  }
  return found
}

/** The entries of `a` without a deep-equal counterpart in `b`, counting duplicates (multiset difference). */
function missingFrom (a: readonly PartnerEntry[], b: readonly PartnerEntry[]): PartnerEntry[] {
  const left = [...b]
  return a.filter((x) => {
    const i = left.findIndex((y) => isDeepStrictEqual(x.entry, y.entry))
    if (i < 0) return true
    left.splice(i, 1)
    return false
  })
}

const describe = (entries: readonly PartnerEntry[]): string =>
  [...new Set(entries.map((e) => e.id ?? '(no id)'))].join(', ')

/**
 * The partner write-scope rule (README "Partner scope"): a partner may add, change or remove
 * only its own partner entry in relatedParty. Every other partner entry (role `partner` in any
 * case, or one of the resource's declared partner roles) must come out of the write exactly as it
 * went in: a partner can neither put a resource into another partner's scope nor take it out of one.
 * Entries in other roles (the customer, a contact) stay the partner's to name. The operator is not
 * bound by it.
 *
 * `before` is undefined for a create; both documents are in the caller's representation (the rule
 * compares what the caller sent, whatever the version or patch media type).
 * @throws TmfError 403 naming the partner ids the write would add, change or remove.
 */
export function assertPartnerWriteScope (principal: Principal, before: Doc | undefined, after: Doc, roles: ReadonlySet<string>): void {
  if (principal.isOperator) return
  const self = principal.partnerId
  const others = (doc: Doc | undefined): PartnerEntry[] =>
    doc === undefined ? [] : partnerEntries(doc, roles).filter((e) => self === null || e.id !== self)
  const was = others(before)
  const is = others(after)
  const removed = missingFrom(was, is)
  const added = missingFrom(is, was)
  if (removed.length === 0 && added.length === 0) return
  const what = [
    added.length > 0 ? `add ${describe(added)}` : '',
    removed.length > 0 ? `remove or change ${describe(removed)}` : ''
  ].filter((s) => s !== '').join(' and ')
  throw new TmfError(403, 'ERR403-PARTNER-SCOPE', 'Forbidden', `a partner may add, change or remove only its own partner entry in relatedParty; this write would ${what}`)
}
