import type { Doc } from '@cx/engine'
import { isLater } from '@cx/hub-subscriber'
import type { Db, Queryable } from '@cx/store'
import { activeSince, clockRules, computeClock, type ClockSettings } from './clocks.ts'
import { watchedEntity, type WatchedEntity, type WatchedKind } from './entities.ts'
import { reconcileClock } from './reconcile.ts'

export interface WatcherOptions {
  db: Db
  now: () => Date
  settings: ClockSettings
  /** Called after a commit that wrote events (wakes the outbox relay) or moved a deadline. */
  onChange?: () => void
}

/** Rows of due deadlines fired per transaction. */
const FIRE_BATCH = 200

/**
 * Keeps the SLA clocks: applies each new version of a ticket or order (from the hub or a
 * back-fill) to the clocks of every active SLA whose provider is its partner, attaches the open
 * entities of an SLA that became active, and fires due deadlines (jeopardy, breach). Every step
 * recomputes a clock from the stored entity, so a duplicate, a late or a reordered event changes
 * nothing that a newer version has not already said.
 */
export class SlaWatcher {
  /** Deadlines written since the last takeMoved(), by clock id (null: none any more). */
  private readonly moved = new Map<string, Date | null>()

  constructor (private readonly opts: WatcherOptions) {}

  /** The deadlines written since the last call (for the delayed jobs), and forgets them. */
  takeMoved (): Map<string, Date | null> {
    const out = new Map(this.moved)
    this.moved.clear()
    return out
  }

  /** Every pending deadline (restart recovery of the delayed jobs). */
  async allDeadlines (): Promise<Array<{ clockId: string, due: Date }>> {
    const rows = (await this.opts.db.query<{ clock_id: string, due_at: string | Date }>('SELECT clock_id, due_at FROM sla_deadline')).rows
    return rows.map((r) => ({ clockId: r.clock_id, due: new Date(r.due_at) }))
  }

  get now (): Date { return this.opts.now() }

  /**
   * Applies one version of a ticket or order in `tx`: stored if newer than the one held (by
   * lastUpdate), then every clock it carries is recomputed. Returns 'stale' for an older version.
   */
  async applyVersion (tx: Queryable, kind: WatchedKind, doc: Doc): Promise<'applied' | 'stale' | 'ignored'> {
    const entity = watchedEntity(kind, doc)
    if (entity === undefined) return 'ignored'
    const held = (await tx.query<{ last_update: string }>('SELECT last_update FROM sla_entity WHERE kind = $1 AND id = $2 FOR UPDATE', [kind, entity.id], { name: 'sla-entity-held' })).rows[0]
    if (held !== undefined && !isLater(entity.lastUpdate, held.last_update)) return 'stale'
    await tx.query(`INSERT INTO sla_entity (kind, id, partner_id, created_at, last_update, doc) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (kind, id) DO UPDATE SET partner_id = EXCLUDED.partner_id, last_update = EXCLUDED.last_update, doc = EXCLUDED.doc`,
    [kind, entity.id, entity.partnerId ?? null, entity.created, entity.lastUpdate, doc], { name: 'sla-entity-upsert' })
    for (const sla of await this.activeSlas(tx)) await this.reconcileEntity(tx, sla, entity)
    return 'applied'
  }

  /** Applies a page of versions (a back-fill) in one transaction; returns how many were newer. */
  async applyPage (kind: WatchedKind, docs: Doc[]): Promise<number> {
    let applied = 0
    await this.opts.db.transaction(async (tx) => {
      for (const doc of docs) if (await this.applyVersion(tx, kind, doc) === 'applied') applied++
    })
    this.opts.onChange?.()
    return applied
  }

  /** Attaches newly active SLAs, then fires every due deadline. Returns the clocks fired. */
  async tick (): Promise<number> {
    await this.attachSlas()
    return await this.fireDue()
  }

  /**
   * An SLA that became active (or active again) applies to the entities already open then,
   * measured from their creation: each of its provider's stored entities gets its clocks.
   */
  async attachSlas (): Promise<number> {
    const { db } = this.opts
    const slas = (await db.query<{ doc: Doc }>("SELECT s.doc FROM sla s LEFT JOIN sla_attachment a ON a.sla_id = s.id WHERE s.doc->>'state' = 'active' AND (a.active_since IS NULL OR a.active_since <> s.doc->>'stateChangeDate')")).rows
    let attached = 0
    for (const { doc: sla } of slas) {
      await db.transaction(async (tx) => {
        const provider = (sla.relatedParty as Doc[] | undefined ?? []).find((rp) => rp.role === 'SLAProvider')?.partyOrPartyRole as Doc | undefined
        const rows = (await tx.query<{ kind: WatchedKind, doc: Doc }>('SELECT kind, doc FROM sla_entity WHERE partner_id = $1', [provider?.id ?? null])).rows
        for (const row of rows) {
          const entity = watchedEntity(row.kind, row.doc)
          if (entity !== undefined) { await this.reconcileEntity(tx, sla, entity); attached++ }
        }
        await tx.query('INSERT INTO sla_attachment (sla_id, active_since) VALUES ($1, $2) ON CONFLICT (sla_id) DO UPDATE SET active_since = EXCLUDED.active_since', [sla.id, String(sla.stateChangeDate)])
      })
    }
    if (slas.length > 0) this.opts.onChange?.()
    return attached
  }

  /**
   * Fires every deadline due at `now`: each clock is recomputed (raising its jeopardy alert or
   * violation) and gets its next deadline. Several processes may fire at once: rows are locked
   * with SKIP LOCKED. Returns the number of clocks fired.
   */
  async fireDue (): Promise<number> {
    let fired = 0
    for (;;) {
      const now = this.opts.now()
      const n = await this.opts.db.transaction(async (tx) => {
        const due = (await tx.query<{ clock_id: string, sla_id: string, rule_id: string, entity_kind: WatchedKind, entity_id: string }>(
          'SELECT clock_id, sla_id, rule_id, entity_kind, entity_id FROM sla_deadline WHERE due_at <= $1 ORDER BY due_at LIMIT $2 FOR UPDATE SKIP LOCKED',
          [now.toISOString(), FIRE_BATCH], { name: 'sla-deadline-due' })).rows
        for (const d of due) await this.fireOne(tx, d, now)
        return due.length
      })
      fired += n
      if (n > 0) this.opts.onChange?.()
      if (n < FIRE_BATCH) return fired
    }
  }

  /** Fires one clock's deadline by id (a delayed job's work); false when it is gone or not due. */
  async fireClock (clockId: string): Promise<boolean> {
    const now = this.opts.now()
    const done = await this.opts.db.transaction(async (tx) => {
      const d = (await tx.query<{ clock_id: string, sla_id: string, rule_id: string, entity_kind: WatchedKind, entity_id: string }>(
        'SELECT clock_id, sla_id, rule_id, entity_kind, entity_id FROM sla_deadline WHERE clock_id = $1 AND due_at <= $2 FOR UPDATE SKIP LOCKED', [clockId, now.toISOString()])).rows[0]
      if (d === undefined) return false
      await this.fireOne(tx, d, now)
      return true
    })
    if (done) this.opts.onChange?.()
    return done
  }

  private async fireOne (tx: Queryable, d: { clock_id: string, sla_id: string, rule_id: string, entity_kind: WatchedKind, entity_id: string }, now: Date): Promise<void> {
    const sla = (await tx.query<{ doc: Doc }>('SELECT doc FROM sla WHERE id = $1', [d.sla_id])).rows[0]?.doc
    const stored = (await tx.query<{ doc: Doc }>('SELECT doc FROM sla_entity WHERE kind = $1 AND id = $2', [d.entity_kind, d.entity_id])).rows[0]?.doc
    const entity = stored === undefined ? undefined : watchedEntity(d.entity_kind, stored)
    const rule = sla === undefined || entity === undefined ? undefined : clockRules(sla, entity).find((r) => r.id === d.rule_id)
    if (sla === undefined || entity === undefined || rule === undefined) {
      await tx.query('DELETE FROM sla_deadline WHERE clock_id = $1', [d.clock_id])
      return
    }
    const out = await reconcileClock(tx, sla, rule, entity, now, this.opts.settings)
    this.moved.set(out.clockId, out.nextDue)
  }

  /** The next deadline, or undefined when none is pending. */
  async nextDue (): Promise<Date | undefined> {
    const row = (await this.opts.db.query<{ due: string | Date | null }>('SELECT min(due_at) AS due FROM sla_deadline', [], { name: 'sla-deadline-next' })).rows[0]
    return row?.due === null || row?.due === undefined ? undefined : new Date(row.due)
  }

  private async activeSlas (tx: Queryable): Promise<Doc[]> {
    return (await tx.query<{ doc: Doc }>("SELECT doc FROM sla WHERE doc->>'state' = 'active'", [], { name: 'sla-active' })).rows.map((r) => r.doc)
  }

  /**
   * The clocks of one SLA on one entity: none unless the entity was still open when the SLA
   * became active (an entity created while it is active is open then by definition).
   */
  private async reconcileEntity (tx: Queryable, sla: Doc, entity: WatchedEntity): Promise<void> {
    const rules = clockRules(sla, entity)
    if (rules.length === 0) return
    const since = activeSince(sla)
    const now = this.opts.now()
    for (const rule of rules) {
      if (since !== undefined) {
        const facts = computeClock(sla, rule, entity, undefined, now, this.opts.settings)
        const stop = facts.doc.stopDate
        if (typeof stop === 'string' && Date.parse(stop) < Date.parse(since)) continue
      }
      const out = await reconcileClock(tx, sla, rule, entity, now, this.opts.settings)
      this.moved.set(out.clockId, out.nextDue)
    }
  }
}
