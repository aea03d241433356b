import type { Queryable } from '@cx/store'
import type { Doc, EntityFacts } from '../projections/entity-facts.ts'

/** One version the evolve step applied (projections/project.ts). */
export interface AppliedOutageInput { facts: EntityFacts, deleted: boolean, isNew: boolean }

/** The TMF621 statuses of an open ticket. */
const OPEN = new Set(['acknowledged', 'inProgress', 'pending', 'held'])

/** Whether a ticket document is an outage (the CxOutage subclass, apps/trouble-ticket README). */
export const isOutageDoc = (doc: Doc): boolean => doc['@type'] === 'CxOutage' || doc.ticketType === 'Outage'

/**
 * Which update of an outage its customers are to be told about: the status (resolved and closed
 * are one update) and, while open, the ETA. A new key is a new round of messages (issue 15 §2:
 * on start, on an ETA or status change, on resolution).
 */
export function updateKeyOf (doc: Doc): string {
  const status = String(doc.status)
  if (status === 'resolved' || status === 'closed') return 'resolved'
  if (status === 'cancelled' || status === 'rejected') return status
  return `${status}@${typeof doc.expectedResolutionDate === 'string' ? doc.expectedResolutionDate : 'none'}`
}

/**
 * The outage step of the evolve transaction: keeps `cx_outage` in step with the outage tickets,
 * marks an outage due whenever it changed or a customer or order changed while outages are open
 * (the impact follows the read model), and queues every new customer ticket opened while an
 * outage is open for linking. The REST writes happen later, in the worker (outage.worker.ts),
 * outside any read-model transaction.
 */
export async function evolveOutages (tx: Queryable, applied: readonly AppliedOutageInput[]): Promise<void> {
  let readModelChanged = false
  for (const { facts: f, deleted, isNew } of applied) {
    if (f.kind === 'customer' || f.kind === 'productOrder') { readModelChanged = true; continue }
    if (f.kind !== 'troubleTicket') continue
    const doc = f.doc
    if (isOutageDoc(doc)) {
      if (deleted) {
        await tx.query('DELETE FROM cx_outage WHERE id = $1', [f.id])
        await tx.query('DELETE FROM cx_outage_impact WHERE outage_id = $1', [f.id])
        continue
      }
      const resolved = ['resolved', 'closed'].includes(String(doc.status)) ? String(doc.resolutionDate ?? doc.lastUpdate) : null
      await tx.query(
        `INSERT INTO cx_outage (id, status, partners, started_at, resolved_at, update_key, doc) VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (id) DO UPDATE SET status = EXCLUDED.status, partners = EXCLUDED.partners, resolved_at = EXCLUDED.resolved_at,
           update_key = EXCLUDED.update_key, doc = EXCLUDED.doc`,
        [f.id, String(doc.status), f.partners, String(doc.creationDate ?? f.lastUpdate), resolved, updateKeyOf(doc), doc], { name: 'cx-outage-upsert' })
      await tx.query('INSERT INTO cx_outage_due (outage_id) VALUES ($1) ON CONFLICT DO NOTHING', [f.id], { name: 'cx-outage-due' })
      continue
    }
    if (isNew && !deleted && f.customerId !== null && OPEN.has(String(doc.status))) {
      await tx.query(
        `INSERT INTO cx_outage_link_due (ticket_id, customer_id, opened_at)
         SELECT $1, $2, $3 WHERE EXISTS (SELECT 1 FROM cx_outage WHERE status = ANY($4::text[]))
         ON CONFLICT DO NOTHING`,
        [f.id, f.customerId, String(doc.creationDate ?? f.lastUpdate), [...OPEN]], { name: 'cx-outage-link-due' })
    }
  }
  if (readModelChanged) {
    await tx.query('INSERT INTO cx_outage_due (outage_id) SELECT id FROM cx_outage WHERE status = ANY($1::text[]) ON CONFLICT DO NOTHING', [[...OPEN]], { name: 'cx-outage-due-open' })
  }
}
