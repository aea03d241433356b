/**
 * What the read model needs to know about one source resource: which customer it belongs to,
 * which partners are responsible for it, and which version it is.
 *
 * A ticket, order, SLA violation or survey response belongs to a customer through its
 * `relatedParty` entry with role `customer` (v5 `partyOrPartyRole.id`, or a flat v4 `id`), equal to
 * the TMF629 customer id; to a partner through its entry with role `partner` (SLA violations: the
 * `SLAProvider`). A TMF629 customer belongs to itself, and its own `partner` entries name the
 * partners serving it.
 */
export type Doc = Record<string, unknown>

/** The source resources the read model follows. */
export const ENTITY_KINDS = ['customer', 'troubleTicket', 'productOrder', 'slaViolation', 'surveyResponse'] as const
export type EntityKind = typeof ENTITY_KINDS[number]

export interface EntityFacts {
  kind: EntityKind
  id: string
  customerId: string | null
  partners: string[]
  /** The version stamp: `lastUpdate` (strictly increasing per resource), else `creationDate`. */
  lastUpdate: string
  doc: Doc
}

const PARTNER_ROLES = new Set(['partner', 'slaprovider'])

/** Party entries of a document as {role, id, name}, accepting the v5 nested and the v4 flat shape. */
export function partiesOf (doc: Doc): Array<{ role: string, id: string, name?: string }> {
  const related = doc.relatedParty
  if (!Array.isArray(related)) return []
  const out: Array<{ role: string, id: string, name?: string }> = []
  for (const entry of related as unknown[]) {
    if (entry === null || typeof entry !== 'object') continue
    const rp = entry as Doc
    const ref = (rp.partyOrPartyRole !== null && typeof rp.partyOrPartyRole === 'object' ? rp.partyOrPartyRole : rp) as Doc
    if (typeof ref.id !== 'string') continue
    const name = typeof ref.name === 'string' ? ref.name : undefined
    out.push({ role: typeof rp.role === 'string' ? rp.role : '', id: ref.id, ...(name === undefined ? {} : { name }) })
  }
  return out
}

/** Ids of the partners responsible for a resource (roles `partner` and `SLAProvider`, any case). */
export function partnersOf (doc: Doc): string[] {
  return [...new Set(partiesOf(doc).filter((p) => PARTNER_ROLES.has(p.role.toLowerCase())).map((p) => p.id))]
}

/** The first partner entry with its name, for journey events and VOs. */
export function partnerOf (doc: Doc): { id: string, name?: string } | undefined {
  const p = partiesOf(doc).find((x) => PARTNER_ROLES.has(x.role.toLowerCase()))
  return p === undefined ? undefined : { id: p.id, ...(p.name === undefined ? {} : { name: p.name }) }
}

export function customerIdOf (kind: EntityKind, doc: Doc): string | null {
  if (kind === 'customer') return typeof doc.id === 'string' ? doc.id : null
  return partiesOf(doc).find((p) => p.role.toLowerCase() === 'customer')?.id ?? null
}

/** Facts of a source document; throws when it has no id (a payload that is not a resource). */
export function factsOf (kind: EntityKind, doc: Doc): EntityFacts {
  if (typeof doc.id !== 'string' || doc.id === '') throw new Error(`a ${kind} without an id`)
  const stamp = typeof doc.lastUpdate === 'string' ? doc.lastUpdate : typeof doc.creationDate === 'string' ? doc.creationDate : ''
  return { kind, id: doc.id, customerId: customerIdOf(kind, doc), partners: partnersOf(doc), lastUpdate: stamp, doc }
}

/** Whether version `a` is strictly newer than `b` (RFC 3339 stamps; an unparsable stamp is oldest). */
export function isNewer (a: string, b: string): boolean {
  const x = Date.parse(a)
  const y = Date.parse(b)
  if (Number.isNaN(y)) return !Number.isNaN(x)
  return !Number.isNaN(x) && x > y
}
