import type { Db, Queryable } from '@cx/store'
import { journeyOf } from '../journey/journey.ts'
import { refreshCustomer360 } from './customer-360.projection.ts'
import { replaceKpiFacts } from './kpi-facts.ts'
import { evolveOutages, type AppliedOutageInput } from '../outages/outage.projection.ts'
import { evolveClosedLoop, type AppliedVersion } from '../closed-loop/loop.projection.ts'
import { customerIdOf, factsOf, isNewer, type Doc, type EntityFacts, type EntityKind } from './entity-facts.ts'

/** One version of a source resource, from a hub event or a back-fill page. */
export interface IncomingVersion {
  kind: EntityKind
  doc: Doc
  /** A DeleteEvent: the resource is gone as of `at`. */
  deleted: boolean
  /** When the version was observed at the source (the event time); the stamp of a deletion. */
  at: string
}

interface ExistingRow { kind: string, id: string, customer_id: string | null, last_update: string }

// Any constant shared by every cx replica: the namespace of the per-customer locks.
const CUSTOMER_LOCK_NS = 724_717

/**
 * The evolve step of the read model, shared by live events and back-fill pages, inside the
 * caller's transaction:
 *
 * 1. locks the customers concerned (in a fixed order), so concurrent events about one customer
 *    apply one after the other and every view is composed from committed rows;
 * 2. applies each version only when it is newer than the stored one (`lastUpdate`, strictly
 *    increasing at the source), so duplicates and out-of-order deliveries change nothing; a
 *    deletion leaves a tombstone so an older version arriving late cannot bring it back;
 * 3. re-derives the entity's journey events and KPI facts, and recomposes the 360 views of every customer whose
 *    records changed (old and new owner when a record moves) — unless `refresh` is false: a
 *    back-fill page marks them due instead (`cx_refresh_due`, in the same transaction) for
 *    refreshDue() once its pages are in, since composing a customer's views per page would redo
 *    them once for each of its records (the old owner of a moved record is still recomposed here).
 *
 * Returns the versions applied and the customers whose records changed (refreshed unless
 * `refresh` is false).
 */
export async function projectVersions (tx: Queryable, versions: readonly IncomingVersion[], now: Date, opts: { refresh?: boolean } = {}): Promise<{ applied: number, customers: string[] }> {
  const facts: Array<{ v: IncomingVersion, f: EntityFacts }> = []
  for (const v of versions) {
    try {
      facts.push({ v, f: factsOf(v.kind, v.doc) })
    } catch {
      // A payload without an id is not a resource version: nothing to project.
    }
  }
  if (facts.length === 0) return { applied: 0, customers: [] }

  const locked = new Set<string>()
  const lock = async (ids: Iterable<string | null>): Promise<void> => {
    for (const id of [...new Set(ids)].filter((x): x is string => x !== null && !locked.has(x)).sort()) {
      await tx.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [CUSTOMER_LOCK_NS, id], { name: 'cx-lock-customer' })
      locked.add(id)
    }
  }
  await lock(facts.map(({ f }) => f.customerId))
  const existingRes = await tx.query<ExistingRow>(
    `SELECT kind, id, customer_id, last_update FROM cx_entity
     WHERE (kind, id) IN (SELECT * FROM unnest($1::text[], $2::text[])) FOR UPDATE`,
    [facts.map(({ f }) => f.kind), facts.map(({ f }) => f.id)])
  const existing = new Map(existingRes.rows.map((r) => [`${r.kind}/${r.id}`, r]))
  // A record moving to another customer also changes the old customer's views.
  await lock(existingRes.rows.map((r) => r.customer_id))

  const touched = new Set<string>()
  // Customers a record moved away from: their views are recomposed here even when `refresh` is
  // false, since a later version of the record no longer names them.
  const leftBehind = new Set<string>()
  let applied = 0
  const outageInputs: AppliedOutageInput[] = []
  const appliedVersions: AppliedVersion[] = []
  for (const { v, f } of facts) {
    const key = `${f.kind}/${f.id}`
    const before = existing.get(key)
    const stamp = v.deleted ? latest(f.lastUpdate, v.at) : f.lastUpdate
    if (before !== undefined && !isNewer(stamp, before.last_update)) continue
    const customerId = v.deleted ? (before?.customer_id ?? customerIdOf(f.kind, f.doc)) : f.customerId
    await tx.query(
      `INSERT INTO cx_entity (kind, id, customer_id, partners, last_update, deleted, doc) VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (kind, id) DO UPDATE SET customer_id = EXCLUDED.customer_id, partners = EXCLUDED.partners,
         last_update = EXCLUDED.last_update, deleted = EXCLUDED.deleted, doc = EXCLUDED.doc`,
      [f.kind, f.id, customerId, f.partners, stamp, v.deleted, f.doc], { name: 'cx-entity-upsert' })
    existing.set(key, { kind: f.kind, id: f.id, customer_id: customerId, last_update: stamp })
    await replaceJourney(tx, key, f.partners, v.deleted ? [] : journeyOf(f))
    await replaceKpiFacts(tx, key, f, customerId, v.deleted)
    for (const c of [before?.customer_id ?? null, customerId]) if (c !== null) touched.add(c)
    if (before?.customer_id !== undefined && before.customer_id !== null && before.customer_id !== customerId) leftBehind.add(before.customer_id)
    if (f.kind === 'customer') touched.add(f.id)
    outageInputs.push({ facts: f, deleted: v.deleted, isNew: before === undefined })
    appliedVersions.push({ facts: f, deleted: v.deleted })
    applied++
  }
  // Survey invitations and recoveries acted on in the same transaction (closed-loop/).
  await evolveClosedLoop(tx, appliedVersions)
  // Outages, their impact and the tickets opened during them (outages/).
  await evolveOutages(tx, outageInputs)
  for (const customerId of touched) {
    if (opts.refresh !== false || leftBehind.has(customerId)) await refreshCustomer360(tx, customerId, now)
  }
  if (opts.refresh === false && touched.size > 0) {
    await tx.query('INSERT INTO cx_refresh_due (customer_id) SELECT unnest($1::text[]) ON CONFLICT DO NOTHING', [[...touched]], { name: 'cx-refresh-due-mark' })
  }
  return { applied, customers: [...touched] }
}

/**
 * Recomposes the 360 views of every customer marked due by a back-fill (`cx_refresh_due`),
 * `batch` customers per transaction, each under its customer lock (so a live event about the
 * same customer applies before or after, never in between), and clears their marks. Marks left
 * by a back-fill cut short are drained by the next one. Returns how many views changed.
 */
export async function refreshDue (db: Db, now: () => Date, batch = 50): Promise<number> {
  let changed = 0
  for (;;) {
    const done = await db.transaction(async (tx) => {
      const due = (await tx.query<{ customer_id: string }>('SELECT customer_id FROM cx_refresh_due ORDER BY customer_id LIMIT $1 FOR UPDATE SKIP LOCKED', [batch], { name: 'cx-refresh-due-next' })).rows.map((r) => r.customer_id)
      // Locked in the order projectVersions locks customers (JavaScript's, not the collation's).
      for (const id of due.sort()) {
        await tx.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [CUSTOMER_LOCK_NS, id], { name: 'cx-lock-customer' })
        changed += await refreshCustomer360(tx, id, now())
      }
      if (due.length > 0) await tx.query('DELETE FROM cx_refresh_due WHERE customer_id = ANY($1::text[])', [due], { name: 'cx-refresh-due-clear' })
      return due.length < batch
    })
    if (done) return changed
  }
}

function latest (a: string, b: string): string {
  return isNewer(a, b) ? a : b
}

/** The entity's journey events, re-derived whole; `parties` (its partners) scope them like the entity. */
async function replaceJourney (tx: Queryable, entityKey: string, parties: readonly string[], events: ReturnType<typeof journeyOf>): Promise<void> {
  await tx.query('DELETE FROM cx_journey WHERE entity_key = $1', [entityKey], { name: 'cx-journey-delete' })
  if (events.length === 0) return
  await tx.query(
    `INSERT INTO cx_journey (id, entity_key, customer_id, date, parties, doc)
     SELECT u.id, $1, u.customer_id, u.date::timestamptz, $2::text[], u.doc
     FROM unnest($3::text[], $4::text[], $5::text[], $6::jsonb[]) AS u(id, customer_id, date, doc)
     ON CONFLICT (id) DO UPDATE SET entity_key = EXCLUDED.entity_key, customer_id = EXCLUDED.customer_id,
       date = EXCLUDED.date, parties = EXCLUDED.parties, doc = EXCLUDED.doc`,
    [entityKey, parties, events.map((e) => e.id), events.map((e) => e.customer.id), events.map((e) => e.date), events.map((e) => JSON.stringify(e))],
    { name: 'cx-journey-insert' })
}
