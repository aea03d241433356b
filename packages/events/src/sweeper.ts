import type { Queryable } from '@cx/store'
import { singleJob, type DeliveryJob } from './job-queue.ts'

// No older pending delivery for the same subscription and resource.
const FIRST_IN_LINE = `NOT EXISTS (SELECT 1 FROM cx_delivery p WHERE p.state = 'pending'
  AND p.subscription_id = d.subscription_id AND p.resource_key = d.resource_key AND p.outbox_seq < d.outbox_seq)`

/**
 * Claims due deliveries that are first in line and have no live lease (their job was lost, or
 * never enqueued because Redis was down), leases them and returns them as jobs to (re-)add.
 * Several processes may sweep side by side.
 *
 * `recovery` is the sweep after Redis came back (possibly empty) or at start-up after a crash:
 * every lease granted before `leaseCutoff` is suspect, and retries not yet due are re-added too,
 * with their remaining back-off. Re-adding a job that still exists is harmless: job ids are
 * deterministic.
 */
export async function claimDue (db: Queryable, opts: { limit: number, leaseMs: number, recovery?: { leaseCutoff: string } }): Promise<DeliveryJob[]> {
  const res = await db.query<{ id: string, generation: number, attempts: number, delay_ms: number }>(
    // Two index ranges (no lease; ended lease) rather than one OR, so the scan stays on the few
    // candidates instead of every pending row. No SKIP LOCKED (not allowed over a UNION): the
    // lease condition is repeated in the UPDATE, so of two sweepers racing for a row, the second
    // re-checks it after the first committed, sees the new lease and leaves it.
    `WITH due AS (
       SELECT id FROM (
         SELECT d.id, d.next_attempt_at FROM cx_delivery d
         WHERE d.state = 'pending' AND d.queued_until IS NULL AND (d.next_attempt_at <= now() OR $4) AND ${FIRST_IN_LINE}
         UNION ALL
         SELECT d.id, d.next_attempt_at FROM cx_delivery d
         WHERE d.state = 'pending' AND d.queued_until < COALESCE($3::timestamptz, now()) AND (d.next_attempt_at <= now() OR $4)
           AND ${FIRST_IN_LINE}
       ) c ORDER BY next_attempt_at LIMIT $1
     )
     UPDATE cx_delivery d SET queued_until = GREATEST(d.next_attempt_at, now()) + $2::int * interval '1 millisecond'
     FROM due WHERE d.id = due.id AND d.state = 'pending'
       AND (d.queued_until IS NULL OR d.queued_until < COALESCE($3::timestamptz, now()))
     RETURNING d.id::text AS id, d.generation, d.attempts,
       GREATEST(0, ceil(EXTRACT(EPOCH FROM (d.next_attempt_at - now())) * 1000))::int AS delay_ms`,
    [opts.limit, opts.leaseMs, opts.recovery?.leaseCutoff ?? null, opts.recovery !== undefined]
  )
  // Single jobs: their ids match those of any copy still queued, so re-adding them is harmless.
  return res.rows.map((r) => singleJob({ deliveryId: r.id, generation: r.generation, attempt: r.attempts }, r.delay_ms))
}

/** A cutoff past every lease granted so far (now + lease), in the database's clock. */
export async function leaseCutoffNow (db: Queryable, leaseMs: number): Promise<string> {
  const res = await db.query<{ cutoff: string }>("SELECT (now() + $1::int * interval '1 millisecond')::text AS cutoff", [leaseMs])
  return res.rows[0]?.cutoff ?? new Date(Date.now() + leaseMs).toISOString()
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
