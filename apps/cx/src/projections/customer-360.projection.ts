import { appendToOutbox, OPERATOR_AUDIENCE, type OutboxEvent, type Queryable } from '@cx/store'
import { buildEvent } from '@cx/engine'
import { composeCustomer360, OPERATOR_VIEW, type StoredEntity } from '../customer360/compose.ts'
import type { Doc, EntityKind } from './entity-facts.ts'
import { journeyForViewer } from '../journey/journey.ts'

/** How many journey events a 360 document carries (the full journey is the journeyEvent list). */
export const JOURNEY_IN_360 = 20

/**
 * Recomposes every view of one customer's 360 from the read model (the operator's, and one per
 * partner serving the customer), stores the views that changed, and writes a Customer360 Create,
 * AttributeValueChange or Delete event per changed view, addressed to that view's viewer only.
 * Runs inside the caller's transaction, which holds the customer's lock (see project.ts).
 * Whether a view changed is decided by PostgreSQL (jsonb equality in the upsert), so the stored
 * views are never read back into the process. Returns how many views changed.
 */
export async function refreshCustomer360 (tx: Queryable, customerId: string, now: Date): Promise<number> {
  const [customerRes, entityRes, viewRes] = [
    await tx.query<{ doc: Doc, partners: string[] }>("SELECT doc, partners FROM cx_entity WHERE kind = 'customer' AND id = $1 AND NOT deleted", [customerId], { name: 'cx-360-customer' }),
    await tx.query<StoredEntity>("SELECT kind, id, partners, doc FROM cx_entity WHERE customer_id = $1 AND kind <> 'customer' AND NOT deleted", [customerId], { name: 'cx-360-entities' }),
    await tx.query<{ viewer: string }>('SELECT viewer FROM cx_customer360 WHERE customer_id = $1', [customerId], { name: 'cx-360-viewers' })
  ]
  const existing = new Set(viewRes.rows.map((r) => r.viewer))
  const customer = customerRes.rows[0]
  const events: OutboxEvent[] = []

  const wanted = new Map<string, Doc>()
  if (customer !== undefined) {
    const entities = entityRes.rows.map((e) => ({ ...e, kind: e.kind as EntityKind }))
    const viewers = [OPERATOR_VIEW, ...new Set([...customer.partners, ...entities.flatMap((e) => e.partners)])]
    const journeys = await latestJourneys(tx, customerId, viewers)
    for (const viewer of viewers) {
      wanted.set(viewer, composeCustomer360({ customer: customer.doc, entities, journey: journeys.get(viewer) ?? [], viewer, now }))
    }
  }

  let changed = 0
  if (wanted.size > 0) {
    // One statement for every view; a row comes back only for a view that was new or differs.
    // The views travel as one JSON object {viewer: view}: a text[] of documents this size spent
    // more time in the driver's array escaping than anywhere else.
    const res = await tx.query<{ viewer: string }>(
      `INSERT INTO cx_customer360 (customer_id, viewer, doc, updated_at)
       SELECT $1, u.key, u.value, now() FROM jsonb_each($2::jsonb) AS u
       ON CONFLICT (viewer, customer_id) DO UPDATE SET doc = EXCLUDED.doc, updated_at = now()
         WHERE cx_customer360.doc IS DISTINCT FROM EXCLUDED.doc
       RETURNING viewer`,
      [customerId, JSON.stringify(Object.fromEntries(wanted))], { name: 'cx-360-upsert' })
    for (const { viewer } of res.rows) {
      events.push(viewEvent(existing.has(viewer) ? 'Customer360AttributeValueChangeEvent' : 'Customer360CreateEvent', wanted.get(viewer) as Doc, viewer, now))
      changed++
    }
  }
  if ([...existing].some((viewer) => !wanted.has(viewer))) {
    const gone = await tx.query<{ viewer: string, doc: Doc }>('DELETE FROM cx_customer360 WHERE customer_id = $1 AND NOT (viewer = ANY($2::text[])) RETURNING viewer, doc',
      [customerId, [...wanted.keys()]], { name: 'cx-360-delete' })
    for (const { viewer, doc } of gone.rows) {
      events.push(viewEvent('Customer360DeleteEvent', doc, viewer, now))
      changed++
    }
  }
  await appendToOutbox(tx, events)
  return changed
}

/** Each viewer's latest journey events of the customer (newest first), in one round trip. */
async function latestJourneys (tx: Queryable, customerId: string, viewers: readonly string[]): Promise<Map<string, Doc[]>> {
  const res = await tx.query<{ viewer: string, doc: Doc }>(
    `SELECT v.viewer, j.doc FROM unnest($2::text[]) WITH ORDINALITY AS v(viewer, n)
     CROSS JOIN LATERAL (
       SELECT doc, date, id FROM cx_journey
       WHERE customer_id = $1 AND (v.viewer = $3 OR parties @> ARRAY[v.viewer])
       ORDER BY date DESC, id DESC LIMIT $4
     ) j
     ORDER BY v.n, j.date DESC, j.id DESC`,
    [customerId, viewers, OPERATOR_VIEW, JOURNEY_IN_360], { name: 'cx-360-journeys' })
  const out = new Map<string, Doc[]>()
  for (const r of res.rows) {
    const list = out.get(r.viewer) ?? []
    list.push(journeyForViewer(r.doc, r.viewer === OPERATOR_VIEW ? null : r.viewer))
    out.set(r.viewer, list)
  }
  return out
}

/** A Customer360 event for one view: only that view's viewer may receive it (see OutboxEvent.audience). */
function viewEvent (eventType: string, doc: Doc, viewer: string, now: Date): OutboxEvent {
  const partner = viewer === OPERATOR_VIEW ? null : viewer
  return {
    ...buildEvent({
      api: 'customer360',
      resourceName: 'customer360',
      resourceType: 'Customer360',
      eventType,
      doc,
      parties: partner === null ? [] : [partner],
      now: now.toISOString()
    }),
    audience: partner ?? OPERATOR_AUDIENCE
  }
}
