import type { Queryable } from '@cx/store'
import type { DeliveryJob } from './job-queue.ts'

/**
 * Claims due deliveries that are first in line and have no live lease (their job was lost with
 * Redis, with a killed process, or was never enqueued because Redis was down), leases them and
 * returns them as jobs to (re-)add. SKIP LOCKED lets several processes sweep side by side.
 *
 * `leaseCutoff` (a timestamp) widens the sweep to leases ending before it: after Redis comes back
 * empty, or at start-up after a crash, every lease is suspect; re-adding a job that still exists
 * is harmless because job ids are deterministic.
 */
export async function claimDue (db: Queryable, opts: { limit: number, leaseMs: number, leaseCutoff?: string }): Promise<DeliveryJob[]> {
  const res = await db.query<{ id: string, generation: number, attempts: number }>(
    `WITH due AS (
       SELECT d.id FROM cx_delivery d
       WHERE d.state = 'pending' AND d.next_attempt_at <= now()
         AND (d.queued_until IS NULL OR d.queued_until < COALESCE($3::timestamptz, now()))
         AND NOT EXISTS (SELECT 1 FROM cx_delivery p WHERE p.state = 'pending' AND p.subscription_id = d.subscription_id
           AND p.resource_key = d.resource_key AND p.outbox_seq < d.outbox_seq)
       ORDER BY d.next_attempt_at
       LIMIT $1
       FOR UPDATE SKIP LOCKED
     )
     UPDATE cx_delivery d SET queued_until = now() + $2::int * interval '1 millisecond'
     FROM due WHERE d.id = due.id
     RETURNING d.id::text AS id, d.generation, d.attempts`,
    [opts.limit, opts.leaseMs, opts.leaseCutoff ?? null]
  )
  return res.rows.map((r) => ({ deliveryId: r.id, generation: r.generation, attempt: r.attempts, delayMs: 0 }))
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
