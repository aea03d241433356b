import type { Queryable } from '@cx/store'
import { singleJob, type DeliveryJob } from './job-queue.ts'

// No older pending delivery for the same subscription and resource.
const FIRST_IN_LINE = `NOT EXISTS (SELECT 1 FROM cx_delivery p WHERE p.state = 'pending'
  AND p.subscription_id = d.subscription_id AND p.resource_key = d.resource_key AND p.outbox_seq < d.outbox_seq)`

const RETURNING = `RETURNING d.id::text AS id, d.generation, d.attempts,
  GREATEST(0, ceil(EXTRACT(EPOCH FROM (d.next_attempt_at - now())) * 1000))::int AS delay_ms`

interface ClaimedRow { id: string, generation: number, attempts: number, delay_ms: number }

// Single jobs: their ids match those of any copy still queued, so re-adding them is harmless.
const toJobs = (rows: ClaimedRow[]): DeliveryJob[] =>
  rows.map((r) => singleJob({ deliveryId: r.id, generation: r.generation, attempt: r.attempts }, r.delay_ms))

/**
 * Claims due deliveries that are first in line and have no live lease (their job was lost, or
 * never enqueued because Redis was down), leases them and returns them as jobs to (re-)add.
 * Several processes may sweep side by side.
 */
export async function claimDue (db: Queryable, opts: { limit: number, leaseMs: number }): Promise<DeliveryJob[]> {
  const res = await db.query<ClaimedRow>(
    // Two index ranges (no lease; ended lease) rather than one OR, so the scan stays on the few
    // candidates instead of every pending row. No SKIP LOCKED (not allowed over a UNION): the
    // lease condition is repeated in the UPDATE, so of two sweepers racing for a row, the second
    // re-checks it after the first committed, sees the new lease and leaves it.
    `WITH due AS (
       SELECT id FROM (
         SELECT d.id, d.next_attempt_at FROM cx_delivery d
         WHERE d.state = 'pending' AND d.queued_until IS NULL AND d.next_attempt_at <= now() AND ${FIRST_IN_LINE}
         UNION ALL
         SELECT d.id, d.next_attempt_at FROM cx_delivery d
         WHERE d.state = 'pending' AND d.queued_until < now() AND d.next_attempt_at <= now() AND ${FIRST_IN_LINE}
       ) c ORDER BY next_attempt_at LIMIT $1
     )
     UPDATE cx_delivery d SET queued_until = now() + $2::int * interval '1 millisecond'
     FROM due WHERE d.id = due.id AND d.state = 'pending' AND (d.queued_until IS NULL OR d.queued_until < now())
     ${RETURNING}`,
    [opts.limit, opts.leaseMs]
  )
  return toJobs(res.rows)
}

/**
 * The recovery sweep, after Redis came back (possibly empty) or at start-up after a crash: every
 * lease is suspect, so every pending delivery that is first in line is re-added, retries with
 * their remaining back-off. Walks the rows by id (keyset) so each is visited once per recovery;
 * `lastId` is null when there is nothing after this page.
 */
export async function claimForRecovery (db: Queryable, opts: { limit: number, leaseMs: number, afterId: string }): Promise<{ jobs: DeliveryJob[], lastId: string | null }> {
  const page = await db.query<{ id: string }>(
    "SELECT id::text AS id FROM cx_delivery WHERE state = 'pending' AND id > $2::bigint ORDER BY id LIMIT $1",
    [opts.limit, opts.afterId]
  )
  const ids = page.rows.map((r) => r.id)
  if (ids.length === 0) return { jobs: [], lastId: null }
  const res = await db.query<ClaimedRow>(
    `UPDATE cx_delivery d SET queued_until = GREATEST(d.next_attempt_at, now()) + $2::int * interval '1 millisecond'
     WHERE d.id = ANY($1::bigint[]) AND d.state = 'pending' AND ${FIRST_IN_LINE}
     ${RETURNING}`,
    [ids, opts.leaseMs]
  )
  return { jobs: toJobs(res.rows), lastId: ids.length < opts.limit ? null : ids[ids.length - 1] ?? null }
}

/** Delivered rows are history once their retention has passed; dead letters stay until replayed. */
export async function pruneDelivered (db: Queryable, retentionMs: number, limit = 5000): Promise<number> {
  const res = await db.query<{ id: string }>(
    `DELETE FROM cx_delivery WHERE id IN (
       SELECT id FROM cx_delivery WHERE state = 'delivered' AND delivered_at < now() - $1::bigint * interval '1 millisecond' LIMIT $2
     ) RETURNING id::text AS id`,
    [retentionMs, limit]
  )
  return res.rows.length
}
