import type { Doc, WriteContext } from '@cx/engine'
import { isOutage, OPEN_STATUSES } from './trouble-ticket.outage.ts'

/** How far back a resolved ticket still counts as the same problem coming back (default 30 days). */
export interface ThreadingSettings {
  repeatContactWindowDays: number
}

export const DEFAULT_THREADING: ThreadingSettings = { repeatContactWindowDays: 30 }

/** The relationshipType threading writes (TMF621 troubleTicketRelationship). */
export const RELATED_TO = 'relatedTo'

// Any constant of this service: the namespace of its per-customer threading locks.
const THREAD_LOCK_NS = 621_030

/** The customer a ticket is about: its relatedParty in role customer (v5 nested or v4 flat shape). */
export function customerOf (doc: Doc): string | undefined {
  const parties = Array.isArray(doc.relatedParty) ? doc.relatedParty as Doc[] : []
  for (const rp of parties) {
    if (typeof rp.role !== 'string' || rp.role.toLowerCase() !== 'customer') continue
    const ref = (rp.partyOrPartyRole ?? rp) as Doc
    if (typeof ref.id === 'string') return ref.id
  }
  return undefined
}

/** Ids of what a ticket is about: products, offerings, services… in relatedEntity. */
export function subjectsOf (doc: Doc): Set<string> {
  const entities = Array.isArray(doc.relatedEntity) ? doc.relatedEntity as Doc[] : []
  const ids = entities.map((e) => ((e.entity ?? e) as Doc).id).filter((id): id is string => typeof id === 'string')
  return new Set(ids)
}

/**
 * Whether two tickets of one customer are about the same subject (issue 15 §3): they share a
 * product, offering or service in relatedEntity; or, when one of them names none (nothing else
 * links them), they have the same ticketType.
 */
export function sameSubject (a: Doc, b: Doc): boolean {
  const x = subjectsOf(a)
  const y = subjectsOf(b)
  if (x.size > 0 && y.size > 0) return [...x].some((id) => y.has(id))
  return a.ticketType === b.ticketType
}

/**
 * Threads a new customer ticket (an onCreate step, inside its transaction): the same customer's
 * open tickets, and those resolved or closed within the window, about the same subject are
 * linked with relationshipType relatedTo, and `repeatContactCount` is how many there are
 * (0 for a first contact). Outages are neither threaded nor counted.
 *
 * Exact and race-free because it runs in the service that owns the tickets: a per-customer
 * advisory lock held to the commit makes two concurrent tickets of one customer thread one after
 * the other, so the second sees the first.
 */
export async function threadTicket (doc: Doc, ctx: WriteContext, settings: ThreadingSettings): Promise<Doc> {
  if (isOutage(doc)) return doc
  const customerId = customerOf(doc)
  if (customerId === undefined) return { ...doc, repeatContactCount: 0 }
  await ctx.tx.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [THREAD_LOCK_NS, customerId])
  const cutoff = new Date(Date.parse(ctx.now) - settings.repeatContactWindowDays * 86_400_000).toISOString()
  // The customer's tickets through the GIN index on doc (jsonb_path_ops serves @>), both shapes.
  const rows = await ctx.tx.query<{ doc: Doc }>(
    `SELECT doc FROM trouble_ticket
     WHERE (doc @> jsonb_build_object('relatedParty', jsonb_build_array(jsonb_build_object('role', 'customer', 'partyOrPartyRole', jsonb_build_object('id', $1::text))))
        OR doc @> jsonb_build_object('relatedParty', jsonb_build_array(jsonb_build_object('role', 'customer', 'id', $1::text))))
       AND coalesce(doc->>'ticketType', '') <> 'Outage'
       AND (doc->>'status' = ANY($2::text[])
         OR (doc->>'status' IN ('resolved', 'closed') AND coalesce(doc->>'resolutionDate', doc->>'lastUpdate') >= $3))
     ORDER BY doc->>'creationDate', id`,
    [customerId, OPEN_STATUSES, cutoff])
  const earlier = rows.rows.map((r) => r.doc).filter((d) => d.id !== doc.id && sameSubject(doc, d))
  const existing = Array.isArray(doc.troubleTicketRelationship) ? doc.troubleTicketRelationship as Doc[] : []
  const linked = new Set(existing.map((r) => r.id))
  const links = earlier.filter((d) => !linked.has(d.id)).map((d) => ({
    '@type': 'TroubleTicketRelationship', id: String(d.id), href: String(d.href), relationshipType: RELATED_TO
  }))
  const out: Doc = { ...doc, repeatContactCount: earlier.length }
  if (links.length > 0) out.troubleTicketRelationship = [...existing, ...links]
  return out
}

/**
 * Threading settings from the environment: `REPEAT_CONTACT_WINDOW_DAYS` (a positive integer,
 * default 30). Throws an Error naming the variable when it is malformed.
 */
export function threadingFromEnv (env: NodeJS.ProcessEnv): ThreadingSettings {
  const raw = env.REPEAT_CONTACT_WINDOW_DAYS
  if (raw === undefined || raw === '') return DEFAULT_THREADING
  if (!/^[1-9]\d*$/.test(raw)) throw new Error(`REPEAT_CONTACT_WINDOW_DAYS must be a positive integer (days), got ${raw}`)
  return { repeatContactWindowDays: Number(raw) }
}
