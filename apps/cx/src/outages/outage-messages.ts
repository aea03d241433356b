import type { Db } from '@cx/store'
import type { Doc } from '../projections/entity-facts.ts'
import { preferredMedium, type Medium } from './contact-medium.ts'
import type { OutageClients } from './outage-clients.ts'
import { kindOf, outageMessage } from './outage-templates.ts'
import { journeyOfMessages } from './outage-journey.ts'

/** The sender of outage messages (TMF681 Sender). */
const SENDER = { '@type': 'Sender', name: 'CX Suite customer care' }

/** An outage as the message round reads it from cx_outage: the update being told is `update_key`. */
export interface OutageRow { id: string, update_key: string, partners: string[], doc: Doc }

/** Runs `fn` over `items` with at most `limit` at a time. */
async function pool<T> (items: readonly T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) await fn(items[next++] as T)
  })
  await Promise.all(lanes)
}

/** The TMF681 communicationMessage for one customer about one outage update. */
export function messageBody (outage: OutageRow, customer: { id: string, name?: string }, medium: Medium, isFirst: boolean): Doc {
  const text = outageMessage(kindOf(outage.update_key, isFirst), outage.doc, customer.name)
  const receiver = medium.messageType === 'SMS' ? { phoneNumber: medium.phoneNumber } : { email: medium.email }
  return {
    '@type': 'CommunicationMessage',
    messageType: medium.messageType,
    ...(medium.messageType === 'email' ? { subject: text.subject } : {}),
    content: text.content,
    priority: 'high',
    receiver: [{ '@type': 'Receiver', ...receiver, party: { id: customer.id, '@referredType': 'Customer', ...(customer.name === undefined ? {} : { name: customer.name }) } }],
    sender: SENDER,
    characteristic: [{ '@type': 'StringCharacteristic', name: 'outageUpdate', valueType: 'string', value: outage.update_key }],
    relatedEntity: [{ '@type': 'RelatedEntity', role: 'outage', entity: { '@type': 'EntityRef', id: outage.id, href: String(outage.doc.href ?? ''), '@referredType': 'TroubleTicket' } }],
    relatedParty: outage.partners.map((p) => ({ '@type': 'RelatedPartyRefOrPartyRoleRef', role: 'partner', partyOrPartyRole: { '@type': 'PartyRoleRef', id: p, '@referredType': 'BusinessPartner' } }))
  }
}

/**
 * Tells every affected customer of `outage` about its current update, at most once each: the
 * (outage, update, customer) rows are claimed first (the primary key of cx_outage_message makes a
 * second claim a no-op, whichever replica or pass tries), then each claimed customer gets one
 * TMF681 message over its preferred medium, `concurrency` POSTs at a time. A customer without a
 * usable medium keeps its claim with no message (counted and listed as not contactable). A failed
 * POST gives its claim back so the next pass tries again. Returns how many messages were created
 * and how many failed.
 */
export async function tellCustomers (db: Db, clients: OutageClients, outage: OutageRow, now: Date, concurrency: number): Promise<{ created: number, failed: number }> {
  const at = now.toISOString()
  const claimed = await db.transaction(async (tx) => {
    const rows = await tx.query<{ customer_id: string }>(
      `INSERT INTO cx_outage_message (outage_id, update_key, customer_id, created_at)
       SELECT outage_id, $2, customer_id, $3 FROM cx_outage_impact WHERE outage_id = $1
       ON CONFLICT DO NOTHING RETURNING customer_id`, [outage.id, outage.update_key, at], { name: 'cx-outage-claim' })
    return rows.rows.map((r) => r.customer_id)
  })
  if (claimed.length === 0) return { created: 0, failed: 0 }
  const earlier = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM cx_outage_message WHERE outage_id = $1 AND update_key <> $2 AND message_id IS NOT NULL', [outage.id, outage.update_key])
  const isFirst = (earlier.rows[0]?.n ?? 0) === 0
  const customers = await db.query<{ id: string, doc: Doc }>("SELECT id, doc FROM cx_entity WHERE kind = 'customer' AND id = ANY($1::text[])", [claimed])
  const told: Array<{ customer: string, medium: string, message: string }> = []
  const unreachable: string[] = []
  const failed: string[] = []
  await pool(customers.rows, concurrency, async (c) => {
    const medium = preferredMedium(c.doc)
    if (medium === undefined) { unreachable.push(c.id); return }
    const name = typeof c.doc.name === 'string' ? c.doc.name : undefined
    try {
      const id = await clients.createMessage(messageBody(outage, { id: c.id, ...(name === undefined ? {} : { name }) }, medium, isFirst))
      told.push({ customer: c.id, medium: medium.messageType, message: id })
    } catch {
      failed.push(c.id)
    }
  })
  // Claimed customers the read model no longer knows cannot be told either.
  const known = new Set(customers.rows.map((c) => c.id))
  unreachable.push(...claimed.filter((id) => !known.has(id)))
  await db.transaction(async (tx) => {
    for (let i = 0; i < told.length; i += 1000) {
      const part = told.slice(i, i + 1000)
      await tx.query(
        `UPDATE cx_outage_message m SET message_id = u.message, medium = u.medium
         FROM unnest($3::text[], $4::text[], $5::text[]) AS u(customer, medium, message)
         WHERE m.outage_id = $1 AND m.update_key = $2 AND m.customer_id = u.customer`,
        [outage.id, outage.update_key, part.map((x) => x.customer), part.map((x) => x.medium), part.map((x) => x.message)], { name: 'cx-outage-told' })
      await tx.query(
        `UPDATE cx_outage_impact SET first_told = coalesce(first_told, $3::timestamptz), last_told = $3::timestamptz, contactable = true,
           doc = doc || jsonb_build_object('contactable', true, 'lastTold', $3::text, 'firstTold', coalesce(doc->>'firstTold', $3::text))
         WHERE outage_id = $1 AND customer_id = ANY($2::text[])`, [outage.id, part.map((x) => x.customer), at], { name: 'cx-outage-impact-told' })
    }
    if (unreachable.length > 0) {
      await tx.query(
        "UPDATE cx_outage_impact SET contactable = false, doc = doc || jsonb_build_object('contactable', false) WHERE outage_id = $1 AND customer_id = ANY($2::text[])",
        [outage.id, unreachable], { name: 'cx-outage-impact-unreachable' })
    }
    if (failed.length > 0) {
      await tx.query('DELETE FROM cx_outage_message WHERE outage_id = $1 AND update_key = $2 AND customer_id = ANY($3::text[])', [outage.id, outage.update_key, failed])
      await tx.query('INSERT INTO cx_outage_due (outage_id) VALUES ($1) ON CONFLICT DO NOTHING', [outage.id])
    }
    if (told.length > 0) await tx.query('UPDATE cx_outage SET first_told = coalesce(first_told, $2::timestamptz) WHERE id = $1', [outage.id, at])
    await journeyOfMessages(tx, outage, told, at)
  })
  return { created: told.length, failed: failed.length }
}
