import { isDeepStrictEqual } from 'node:util'
import { appendToOutbox, OPERATOR_AUDIENCE, type OutboxEvent, type Queryable } from '@cx/store'
import { buildEvent } from '@cx/engine'
import { composeCustomer360, OPERATOR_VIEW, type StoredEntity } from '../customer360/compose.ts'
import type { Doc, EntityKind } from './entity-facts.ts'

/** How many journey events a 360 document carries (the full journey is the journeyEvent list). */
export const JOURNEY_IN_360 = 20

interface ViewRow { viewer: string, doc: Doc }

/**
 * Recomposes every view of one customer's 360 from the read model (the operator's, and one per
 * partner serving the customer), stores the views that changed, and writes a Customer360 Create,
 * AttributeValueChange or Delete event per changed view, addressed to that view's viewer only.
 * Runs inside the caller's transaction, which holds the customer's lock (see project.ts).
 * Returns how many views changed.
 */
export async function refreshCustomer360 (tx: Queryable, customerId: string, now: Date): Promise<number> {
  const [customerRes, entityRes, viewRes] = [
    await tx.query<{ doc: Doc }>("SELECT doc FROM cx_entity WHERE kind = 'customer' AND id = $1 AND NOT deleted", [customerId], { name: 'cx-360-customer' }),
    await tx.query<StoredEntity>("SELECT kind, id, partners, doc FROM cx_entity WHERE customer_id = $1 AND kind <> 'customer' AND NOT deleted", [customerId], { name: 'cx-360-entities' }),
    await tx.query<ViewRow>('SELECT viewer, doc FROM cx_customer360 WHERE customer_id = $1', [customerId], { name: 'cx-360-views' })
  ]
  const existing = new Map(viewRes.rows.map((r) => [r.viewer, r.doc]))
  const customer = customerRes.rows[0]?.doc
  const events: OutboxEvent[] = []
  let changed = 0

  const wanted = new Map<string, Doc>()
  if (customer !== undefined) {
    const entities = entityRes.rows.map((e) => ({ ...e, kind: e.kind as EntityKind }))
    const customerPartners = (await tx.query<{ partners: string[] }>("SELECT partners FROM cx_entity WHERE kind = 'customer' AND id = $1", [customerId], { name: 'cx-360-customer-partners' })).rows[0]?.partners ?? []
    const viewers = [OPERATOR_VIEW, ...new Set([...customerPartners, ...entities.flatMap((e) => e.partners)])]
    for (const viewer of viewers) {
      const journey = await latestJourney(tx, customerId, viewer)
      // Through JSON, so the comparison with the stored jsonb sees what will be stored.
      wanted.set(viewer, JSON.parse(JSON.stringify(composeCustomer360({ customer, entities, journey, viewer, now }))) as Doc)
    }
  }

  for (const [viewer, doc] of wanted) {
    const before = existing.get(viewer)
    if (before !== undefined && isDeepStrictEqual(before, doc)) continue
    await tx.query(
      `INSERT INTO cx_customer360 (customer_id, viewer, doc, updated_at) VALUES ($1, $2, $3, now())
       ON CONFLICT (viewer, customer_id) DO UPDATE SET doc = EXCLUDED.doc, updated_at = now()`,
      [customerId, viewer, doc], { name: 'cx-360-upsert' })
    events.push(viewEvent(before === undefined ? 'Customer360CreateEvent' : 'Customer360AttributeValueChangeEvent', doc, viewer, now))
    changed++
  }
  for (const [viewer, before] of existing) {
    if (wanted.has(viewer)) continue
    await tx.query('DELETE FROM cx_customer360 WHERE customer_id = $1 AND viewer = $2', [customerId, viewer])
    events.push(viewEvent('Customer360DeleteEvent', before, viewer, now))
    changed++
  }
  await appendToOutbox(tx, events)
  return changed
}

async function latestJourney (tx: Queryable, customerId: string, viewer: string): Promise<Doc[]> {
  const res = viewer === OPERATOR_VIEW
    ? await tx.query<{ doc: Doc }>('SELECT doc FROM cx_journey WHERE customer_id = $1 ORDER BY date DESC, id DESC LIMIT $2', [customerId, JOURNEY_IN_360], { name: 'cx-360-journey' })
    : await tx.query<{ doc: Doc }>('SELECT doc FROM cx_journey WHERE customer_id = $1 AND parties @> ARRAY[$2::text] ORDER BY date DESC, id DESC LIMIT $3', [customerId, viewer, JOURNEY_IN_360], { name: 'cx-360-journey-partner' })
  return res.rows.map((r) => r.doc)
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
