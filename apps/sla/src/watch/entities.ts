import type { Doc } from '@cx/engine'
import type { RuleSubject, StateChange } from '../sla-rule.ts'

/** The resources the watcher follows, by their TMF class. */
export const WATCHED_KINDS = ['TroubleTicket', 'ProductOrder'] as const
export type WatchedKind = typeof WATCHED_KINDS[number]

/** What a clock needs of a ticket or order, read from its v5 document. */
export interface WatchedEntity {
  kind: WatchedKind
  id: string
  href: string | undefined
  created: string
  lastUpdate: string
  /** The current status (ticket) or state (order). */
  state: string
  history: StateChange[]
  /** The `partner` related party: the value-network partner working on it. */
  partnerId: string | undefined
  /** The `customer` related party, as the ticket or order names it (TMF629 reference: id, href, name, @referredType). */
  customer: PartyRefOf | undefined
  subject: RuleSubject
}

/** A party reference as the source document gives it; `href` and `@referredType` are kept so derived records point at the same TMF629 resource. */
export interface PartyRefOf { id: string, href?: string, name?: string, '@referredType'?: string }

function parties (doc: Doc): Array<PartyRefOf & { role: string }> {
  const related = Array.isArray(doc.relatedParty) ? doc.relatedParty as unknown[] : []
  const out: Array<PartyRefOf & { role: string }> = []
  for (const entry of related) {
    if (entry === null || typeof entry !== 'object') continue
    const rp = entry as Doc
    const ref = (rp.partyOrPartyRole !== null && typeof rp.partyOrPartyRole === 'object' ? rp.partyOrPartyRole : rp) as Doc
    if (typeof ref.id !== 'string') continue
    out.push({
      role: typeof rp.role === 'string' ? rp.role.trim().toLowerCase() : '',
      id: ref.id,
      ...(typeof ref.href === 'string' ? { href: ref.href } : {}),
      ...(typeof ref.name === 'string' ? { name: ref.name } : {}),
      ...(typeof ref['@referredType'] === 'string' ? { '@referredType': ref['@referredType'] } : {})
    })
  }
  return out
}

/**
 * A ticket (TMF621 v5: `status`, `statusChangeHistory`) or an order (TMF622 v5: `state`, the
 * suite's `stateChangeHistory`) as a clock sees it; undefined when it lacks an id or a creation date.
 */
export function watchedEntity (kind: WatchedKind, doc: Doc): WatchedEntity | undefined {
  const created = typeof doc.creationDate === 'string' ? doc.creationDate : typeof doc.orderDate === 'string' ? doc.orderDate : undefined
  if (typeof doc.id !== 'string' || created === undefined || Number.isNaN(Date.parse(created))) return undefined
  const ticket = kind === 'TroubleTicket'
  const field = ticket ? 'status' : 'state'
  const raw = Array.isArray(doc[`${field}ChangeHistory`]) ? doc[`${field}ChangeHistory`] as Doc[] : []
  const history = raw.flatMap((h) => typeof h?.[field] === 'string' && typeof h[`${field}ChangeDate`] === 'string'
    ? [{ state: h[field] as string, date: h[`${field}ChangeDate`] as string }]
    : [])
  const all = parties(doc)
  const customer = all.find((p) => p.role === 'customer')
  const items = Array.isArray(doc.productOrderItem) ? doc.productOrderItem as Doc[] : []
  const offering = ticket
    ? undefined
    : items.map((i) => (i.productOffering as Doc | undefined)?.id).find((x): x is string => typeof x === 'string')
  return {
    kind,
    id: doc.id,
    href: typeof doc.href === 'string' ? doc.href : undefined,
    created,
    lastUpdate: typeof doc.lastUpdate === 'string' ? doc.lastUpdate : created,
    state: String(doc[field] ?? ''),
    history,
    partnerId: all.find((p) => p.role === 'partner')?.id,
    customer: customer === undefined ? undefined : (({ role: _role, ...ref }) => ref)(customer),
    subject: ticket
      ? { kind, ...(typeof doc.ticketType === 'string' ? { ticketType: doc.ticketType } : {}), ...(typeof doc.severity === 'string' ? { severity: doc.severity } : {}) }
      : { kind, ...(offering === undefined ? {} : { productOffering: offering }) }
  }
}
