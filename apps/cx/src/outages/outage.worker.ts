import type { FastifyBaseLogger } from 'fastify'
import type { Db, Queryable } from '@cx/store'
import type { Doc } from '../projections/entity-facts.ts'
import { resolveImpact } from './outage-impact.ts'
import { tellCustomers } from './outage-messages.ts'
import { refreshDue } from '../projections/project.ts'
import type { OutageClients } from './outage-clients.ts'

const OPEN: readonly string[] = ['acknowledged', 'inProgress', 'pending', 'held']
const SILENT: readonly string[] = ['cancelled', 'rejected']
/** How many times a link is retried against concurrent writers of the same ticket (412). */
const LINK_ATTEMPTS = 5

export interface OutageWorkerOptions {
  db: Db
  clients: OutageClients
  now: () => Date
  log: FastifyBaseLogger
  /** Pause between passes when there is nothing to do, in ms. */
  intervalMs: number
  /** Messages POSTed at a time. */
  concurrency: number
}

interface OutageRow { id: string, status: string, update_key: string, partners: string[], doc: Doc }

/**
 * The outage side effects of cx (README "Outages"), outside any read-model transaction since they
 * are REST writes to other services: for each outage marked due, bring its impact up to date from
 * the read model (while it is open) and tell its customers about the current update; then link
 * the customer tickets opened during an open outage that matches them. Every write goes through
 * the services' REST APIs as the operator; every step is idempotent, so a pass cut short is
 * finished by the next.
 */
export class OutageWorker {
  private timer: NodeJS.Timeout | undefined
  private running: Promise<void> | undefined
  private stopped = false

  constructor (private readonly opts: OutageWorkerOptions) {}

  start (): void {
    const loop = async (): Promise<void> => {
      if (this.stopped) return
      try {
        while (!this.stopped && await this.runOnce() > 0) { /* more work may be waiting */ }
      } catch (err) {
        this.opts.log.warn({ err }, 'cx outage pass failed; retrying')
      }
      if (!this.stopped) this.timer = setTimeout(() => { this.running = loop() }, this.opts.intervalMs)
    }
    this.running = loop()
  }

  async stop (): Promise<void> {
    this.stopped = true
    if (this.timer !== undefined) clearTimeout(this.timer)
    await this.running
  }

  /** One pass: due outages, then due links. Returns how many items it handled. */
  async runOnce (): Promise<number> {
    let handled = 0
    const due = await this.opts.db.transaction(async (tx) => (await tx.query<{ outage_id: string }>(
      `DELETE FROM cx_outage_due WHERE outage_id IN (SELECT outage_id FROM cx_outage_due ORDER BY outage_id LIMIT 20 FOR UPDATE SKIP LOCKED)
       RETURNING outage_id`, [], { name: 'cx-outage-due-take' })).rows.map((r) => r.outage_id))
    for (const id of due) {
      try {
        await this.refresh(id)
      } catch (err) {
        this.opts.log.warn({ err, outage: id }, 'cx outage update failed; retrying')
        await this.opts.db.query('INSERT INTO cx_outage_due (outage_id) VALUES ($1) ON CONFLICT DO NOTHING', [id])
      }
      handled++
    }
    return handled + await this.linkDue()
  }

  /** Brings one outage's impact up to date (while open) and tells its customers the current update. */
  private async refresh (id: string): Promise<void> {
    const outage = await this.opts.db.transaction(async (tx) => {
      const row = (await tx.query<OutageRow>('SELECT id, status, update_key, partners, doc FROM cx_outage WHERE id = $1 FOR UPDATE', [id])).rows[0]
      if (row === undefined) return undefined
      if (OPEN.includes(row.status)) await storeImpact(tx, row)
      return row
    })
    if (outage === undefined || SILENT.includes(outage.status)) return
    const { created } = await tellCustomers(this.opts.db, this.opts.clients, outage, this.opts.now(), this.opts.concurrency)
    // The messages went on the journeys and marked those customers' 360 views due: recompose them.
    if (created > 0) await refreshDue(this.opts.db, this.opts.now)
  }

  /**
   * Links each queued new ticket to the open outages affecting its customer that started before
   * it was opened: isChildOf on the ticket, isParentOf on the outage. Postponed while an open
   * outage's impact is still being brought up to date (it may be about to include the customer).
   */
  private async linkDue (): Promise<number> {
    const pending = await this.opts.db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM cx_outage_due d JOIN cx_outage o ON o.id = d.outage_id WHERE o.status = ANY($1::text[])', [OPEN])
    if ((pending.rows[0]?.n ?? 0) > 0) return 0
    const rows = await this.opts.db.transaction(async (tx) => (await tx.query<{ ticket_id: string, customer_id: string, opened_at: Date }>(
      `DELETE FROM cx_outage_link_due WHERE ticket_id IN (SELECT ticket_id FROM cx_outage_link_due ORDER BY ticket_id LIMIT 50 FOR UPDATE SKIP LOCKED)
       RETURNING ticket_id, customer_id, opened_at`, [], { name: 'cx-outage-link-take' })).rows)
    for (const r of rows) {
      const outages = await this.opts.db.query<{ id: string }>(
        `SELECT o.id FROM cx_outage o JOIN cx_outage_impact i ON i.outage_id = o.id AND i.customer_id = $1
         WHERE o.status = ANY($2::text[]) AND o.started_at <= $3 ORDER BY o.id`, [r.customer_id, OPEN, r.opened_at])
      try {
        for (const o of outages.rows) {
          await this.addRelationship(r.ticket_id, o.id, 'isChildOf')
          await this.addRelationship(o.id, r.ticket_id, 'isParentOf')
        }
      } catch (err) {
        this.opts.log.warn({ err, ticket: r.ticket_id }, 'cx outage link failed; retrying')
        await this.opts.db.query('INSERT INTO cx_outage_link_due (ticket_id, customer_id, opened_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING', [r.ticket_id, r.customer_id, r.opened_at])
      }
    }
    return rows.length
  }

  /** Adds `{id: other, relationshipType}` to ticket `id` unless there, guarded by its ETag. */
  private async addRelationship (id: string, other: string, relationshipType: string): Promise<void> {
    for (let attempt = 0; attempt < LINK_ATTEMPTS; attempt++) {
      const got = await this.opts.clients.getTicket(id)
      if (got === undefined) return
      const list = Array.isArray(got.doc.troubleTicketRelationship) ? got.doc.troubleTicketRelationship as Doc[] : []
      if (list.some((x) => x.id === other && x.relationshipType === relationshipType)) return
      const href = `/tmf-api/troubleTicket/v5/troubleTicket/${other}`
      const entry = { '@type': 'TroubleTicketRelationship', id: other, href, relationshipType }
      if (await this.opts.clients.patchTicket(id, { troubleTicketRelationship: [...list, entry] }, got.etag)) return
    }
    throw new Error(`ticket ${id} kept changing while linking it to ${other}`)
  }
}

/** Stores the outage's current impact: new customers added, gone ones removed, reasons refreshed. */
async function storeImpact (tx: Queryable, outage: OutageRow): Promise<void> {
  const impact = await resolveImpact(tx, outage.doc)
  const ids = [...impact.keys()]
  const names = await tx.query<{ id: string, name: string | null }>("SELECT id, doc->>'name' AS name FROM cx_entity WHERE kind = 'customer' AND id = ANY($1::text[])", [ids])
  const nameOf = new Map(names.rows.map((r) => [r.id, r.name]))
  const docs = ids.map((c) => JSON.stringify({
    id: `${outage.id}~${c}`,
    '@type': 'CustomerOutageImpact',
    outage: { id: outage.id, href: String(outage.doc.href ?? ''), name: String(outage.doc.name ?? outage.doc.description ?? ''), '@referredType': 'TroubleTicket' },
    customer: { id: c, ...(nameOf.get(c) == null ? {} : { name: nameOf.get(c) }), '@referredType': 'Customer' },
    reason: impact.get(c)
  }))
  await tx.query('DELETE FROM cx_outage_impact WHERE outage_id = $1 AND NOT (customer_id = ANY($2::text[]))', [outage.id, ids], { name: 'cx-outage-impact-prune' })
  await tx.query(
    `INSERT INTO cx_outage_impact (outage_id, customer_id, reasons, partners, doc)
     SELECT $1, u.customer_id, ARRAY(SELECT jsonb_array_elements_text(u.doc->'reason')), $2, u.doc
     FROM unnest($3::text[], $4::jsonb[]) AS u(customer_id, doc)
     ON CONFLICT (outage_id, customer_id) DO UPDATE SET reasons = EXCLUDED.reasons, partners = EXCLUDED.partners,
       doc = EXCLUDED.doc || jsonb_strip_nulls(jsonb_build_object('firstTold', cx_outage_impact.doc->'firstTold', 'lastTold', cx_outage_impact.doc->'lastTold', 'contactable', cx_outage_impact.doc->'contactable'))`,
    [outage.id, outage.partners, ids, docs], { name: 'cx-outage-impact-upsert' })
  await tx.query('UPDATE cx_outage SET affected = $2 WHERE id = $1', [outage.id, ids.length], { name: 'cx-outage-affected' })
}
