import type { Db } from '@cx/store'
import { groupedJobs, type DeliveryJob, type Logger } from './job-queue.ts'
import type { SubscriptionMatcher, SubscriptionTarget } from './matcher.ts'

interface OutboxRow {
  seq: string
  event_id: string
  api: string
  resource_type: string
  resource_id: string
  event_type: string
  parties: string[]
  payload: Record<string, unknown>
  audience: string | null
  created_at: string
}

interface NewDelivery {
  sub: string
  api: string
  seq: string
  eventId: string
  eventType: string
  resourceType: string
  resourceId: string
  resourceKey: string
  body: string
  state: 'pending' | 'dead'
  ready: boolean
  error: string | null
  createdAt: string
}

// Any constant shared by every relay of a database; see the ordering note in fanOutBatch.
const FAN_OUT_LOCK = 724_629_688

/**
 * Moves one batch of outbox rows into per-subscription delivery rows, in one transaction that also
 * sets `relayed_at`: a process dying anywhere in here leaves either the outbox rows untouched or
 * the deliveries committed, never neither. Returns the deliveries that may be attempted at once
 * (first in line for their subscription and resource); the others wait for their predecessor.
 *
 * Relays are serialised by an advisory lock rather than spread with SKIP LOCKED: two relays
 * committing batches out of order could let a later event for a resource overtake an earlier one.
 * Fan-out is a few set-based statements per batch, so one relay at a time is not the bottleneck.
 */
export async function fanOutBatch (db: Db, matcher: SubscriptionMatcher, opts: { batchSize: number, leaseMs: number, apis: readonly string[] | null, logger: Logger }): Promise<{ relayed: number, ready: DeliveryJob[] }> {
  return await db.transaction(async (tx) => {
    // Asynchronous commit, as for outcomes (see outcomes.ts): a crash losing this transaction
    // leaves the outbox rows unrelayed, so they are fanned out again; at worst a duplicate.
    await tx.query("SELECT pg_advisory_xact_lock($1), set_config('synchronous_commit', 'off', true)", [FAN_OUT_LOCK])
    const { rows } = await tx.query<OutboxRow>(
      // Qualified: a bare `seq` would sort by the text alias ('10' before '9').
      `SELECT seq::text AS seq, event_id, api, resource_type, resource_id, event_type, parties, payload, audience, created_at
       FROM cx_outbox WHERE relayed_at IS NULL AND ($2::text[] IS NULL OR api = ANY($2::text[]))
       ORDER BY cx_outbox.seq LIMIT $1`,
      [opts.batchSize, opts.apis]
    )
    if (rows.length === 0) return { relayed: 0, ready: [] }

    const subs = (await tx.query<{ id: string, api: string, version: string, query: string | null, owner_partner: string | null }>(
      'SELECT id, api, version, query, owner_partner FROM cx_hub'
    )).rows.map((s): SubscriptionTarget => ({ id: s.id, api: s.api, version: s.version, query: s.query, ownerPartner: s.owner_partner }))
    matcher.retain(new Set(subs.map((s) => s.id)))

    const deliveries: NewDelivery[] = []
    for (const row of rows) {
      const event = { api: row.api, resourceType: row.resource_type, eventType: row.event_type, parties: row.parties, payload: row.payload, audience: row.audience }
      for (const sub of subs) {
        if (!matcher.matches(sub, event)) continue
        let body: string
        let error: string | null = null
        try {
          body = matcher.render(sub, event)
        } catch (err) {
          // A rendering bug must not lose the event: it becomes a dead letter the operator can
          // see (with the canonical envelope) and replay once the formatter is fixed.
          opts.logger.error({ err, eventId: row.event_id, subscriptionId: sub.id }, 'hub event rendering failed')
          body = JSON.stringify(row.payload)
          error = `rendering failed: ${(err as Error).message}`
        }
        deliveries.push({
          sub: sub.id,
          api: row.api,
          seq: row.seq,
          eventId: row.event_id,
          eventType: row.event_type,
          resourceType: row.resource_type,
          resourceId: row.resource_id,
          resourceKey: `${row.resource_type}/${row.resource_id}`,
          body,
          state: error === null ? 'pending' : 'dead',
          ready: false,
          error,
          createdAt: row.created_at
        })
      }
    }

    let ready: DeliveryJob[] = []
    if (deliveries.length > 0) {
      await markReady(tx, deliveries)
      ready = await insertDeliveries(tx, deliveries, opts.leaseMs)
      await countRenderFailures(tx, deliveries)
    }
    await tx.query('UPDATE cx_outbox SET relayed_at = now() WHERE seq = ANY($1::bigint[])', [rows.map((r) => r.seq)])
    return { relayed: rows.length, ready }
  })
}

type Tx = Parameters<Parameters<Db['transaction']>[0]>[0]

/** First pending delivery of a chain in this batch is ready unless an older one is still pending. */
async function markReady (tx: Tx, deliveries: NewDelivery[]): Promise<void> {
  const busy = await tx.query<{ subscription_id: string, resource_key: string }>(
    `SELECT DISTINCT subscription_id, resource_key FROM cx_delivery
     WHERE state = 'pending' AND subscription_id = ANY($1::text[]) AND resource_key = ANY($2::text[])`,
    [[...new Set(deliveries.map((d) => d.sub))], [...new Set(deliveries.map((d) => d.resourceKey))]]
  )
  const taken = new Set(busy.rows.map((r) => `${r.subscription_id}\n${r.resource_key}`))
  for (const d of deliveries) {
    if (d.state !== 'pending') continue
    const chain = `${d.sub}\n${d.resourceKey}`
    if (!taken.has(chain)) d.ready = true
    taken.add(chain)
  }
}

async function insertDeliveries (tx: Tx, ds: NewDelivery[], leaseMs: number): Promise<DeliveryJob[]> {
  const res = await tx.query<{ id: string, subscription_id: string, generation: number, attempts: number, ready: boolean }>(
    `INSERT INTO cx_delivery (subscription_id, api, outbox_seq, event_id, event_type, resource_type, resource_id,
       resource_key, body, state, last_error, queued_until, dead_at, event_created_at)
     SELECT u.sub, u.api, u.seq, u.event_id, u.event_type, u.resource_type, u.resource_id, u.resource_key, u.body,
       u.state, u.error,
       CASE WHEN u.ready THEN now() + $14::int * interval '1 millisecond' END,
       CASE WHEN u.state = 'dead' THEN now() END,
       u.created_at
     FROM unnest($1::text[], $2::text[], $3::bigint[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[],
       $9::text[], $10::text[], $11::text[], $12::boolean[], $13::timestamptz[])
       AS u(sub, api, seq, event_id, event_type, resource_type, resource_id, resource_key, body, state, error, ready, created_at)
     ON CONFLICT (subscription_id, event_id) DO NOTHING
     RETURNING id::text AS id, subscription_id, generation, attempts, (queued_until IS NOT NULL) AS ready`,
    [
      ds.map((d) => d.sub), ds.map((d) => d.api), ds.map((d) => d.seq), ds.map((d) => d.eventId),
      ds.map((d) => d.eventType), ds.map((d) => d.resourceType), ds.map((d) => d.resourceId),
      ds.map((d) => d.resourceKey), ds.map((d) => d.body), ds.map((d) => d.state), ds.map((d) => d.error),
      ds.map((d) => d.ready), ds.map((d) => d.createdAt), leaseMs
    ]
  )
  return groupedJobs(res.rows
    .filter((r) => r.ready)
    .map((r) => ({ deliveryId: r.id, subscriptionId: r.subscription_id, generation: r.generation, attempt: r.attempts })))
}

async function countRenderFailures (tx: Tx, ds: NewDelivery[]): Promise<void> {
  for (const d of ds) {
    if (d.state !== 'dead') continue
    await tx.query(
      `UPDATE cx_hub SET dead_count = dead_count + 1, last_error = $2, last_error_at = now(),
         consecutive_dead = consecutive_dead + 1 WHERE id = $1`,
      [d.sub, d.error]
    )
  }
}
