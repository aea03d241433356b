import type { Db, Queryable } from '@cx/store'
import { retryDelayMs, type DeliveryConfig } from './config.ts'
import type { DeliveryJob } from './job-queue.ts'

/** What one attempt came to, as the handler reports it. */
export interface AttemptOutcome {
  deliveryId: string
  subscriptionId: string
  generation: number
  /** Attempts made before this one (the job's attempt number). */
  attempt: number
  ok: boolean
  status: number | null
  error: string | null
}

// A subscription is flagged when its callback keeps failing: this many dead letters in a row, or
// this many failed attempts in a row. Any success clears the flag (see recordOutcomes).
export const FLAG_AFTER_DEAD = 3
export const FLAG_AFTER_FAILURES = 25

interface SubTotals { delivered: number, failed: number, dead: number, lastError: string | null, reset: boolean, tailFailures: number, tailDead: number }

/**
 * Records a batch of attempt outcomes in one transaction and returns the follow-up jobs: retries
 * (with their back-off) and, for chains whose head is now done, the next delivery in line.
 * Each row update is guarded by (generation, attempts, pending): a stale or duplicate outcome
 * (a replayed row, a job run twice after a stall) changes nothing.
 */
export async function recordOutcomes (db: Db, outcomes: readonly AttemptOutcome[], config: DeliveryConfig, leaseMs: number): Promise<DeliveryJob[]> {
  // The same attempt twice in one batch (a job re-run after a stall) is recorded once.
  const unique = [...new Map(outcomes.map((o) => [`${o.deliveryId}/${o.generation}/${o.attempt}`, o])).values()]
  const rows = unique.map((o) => {
    const attempts = o.attempt + 1
    const state = o.ok ? 'delivered' : attempts >= config.maxAttempts ? 'dead' : 'pending'
    return { ...o, attempts, state, delayMs: state === 'pending' ? retryDelayMs(config, attempts) : 0 }
  })
  return await withDeadlockRetry(async () => await db.transaction(async (tx) => {
    const updated = await tx.query<{ id: string, subscription_id: string, resource_key: string, state: string, generation: number, attempts: number }>(
      `UPDATE cx_delivery d SET
         state = u.state,
         attempts = u.attempts,
         last_error = COALESCE(u.error, d.last_error),
         last_status = u.status,
         next_attempt_at = CASE WHEN u.state = 'pending' THEN now() + u.delay_ms * interval '1 millisecond' ELSE d.next_attempt_at END,
         queued_until = CASE WHEN u.state = 'pending' THEN now() + (u.delay_ms + $8::int) * interval '1 millisecond' END,
         delivered_at = CASE WHEN u.state = 'delivered' THEN now() ELSE d.delivered_at END,
         dead_at = CASE WHEN u.state = 'dead' THEN now() ELSE d.dead_at END
       FROM unnest($1::bigint[], $2::int[], $3::int[], $4::text[], $5::int[], $6::text[], $7::int[])
         AS u(id, generation, attempts, state, status, error, delay_ms)
       WHERE d.id = u.id AND d.generation = u.generation AND d.attempts = u.attempts - 1 AND d.state = 'pending'
       RETURNING d.id::text AS id, d.subscription_id, d.resource_key, d.state, d.generation, d.attempts`,
      [rows.map((r) => r.deliveryId), rows.map((r) => r.generation), rows.map((r) => r.attempts), rows.map((r) => r.state),
        rows.map((r) => r.status), rows.map((r) => r.error), rows.map((r) => r.delayMs), leaseMs]
    )
    const applied = new Set(updated.rows.map((r) => r.id))
    const effective = rows.filter((r) => applied.has(r.deliveryId))
    await updateStats(tx, effective)

    const jobs: DeliveryJob[] = effective
      .filter((r) => r.state === 'pending')
      .map((r) => ({ deliveryId: r.deliveryId, generation: r.generation, attempt: r.attempts, delayMs: r.delayMs }))
    const finished = updated.rows.filter((r) => r.state !== 'pending')
    if (finished.length > 0) jobs.push(...await claimSuccessors(tx, finished, leaseMs))
    return jobs
  }))
}

async function updateStats (tx: Queryable, effective: ReadonlyArray<{ subscriptionId: string, state: string, error: string | null }>): Promise<void> {
  const totals = new Map<string, SubTotals>()
  for (const r of effective) {
    let t = totals.get(r.subscriptionId)
    if (t === undefined) {
      t = { delivered: 0, failed: 0, dead: 0, lastError: null, reset: false, tailFailures: 0, tailDead: 0 }
      totals.set(r.subscriptionId, t)
    }
    if (r.state === 'delivered') {
      // "Consecutive" counts restart at a success, within the batch as in the table.
      t.delivered++
      t.reset = true
      t.tailFailures = 0
      t.tailDead = 0
    } else {
      t.failed++
      t.tailFailures++
      t.lastError = r.error
      if (r.state === 'dead') { t.dead++; t.tailDead++ }
    }
  }
  if (totals.size === 0) return
  // Sorted, so two processes flushing at once lock cx_hub rows in the same order.
  const ids = [...totals.keys()].sort()
  const t = ids.map((id) => totals.get(id) as SubTotals)
  await tx.query(
    `UPDATE cx_hub h SET
       delivered_count = h.delivered_count + s.delivered,
       failed_count = h.failed_count + s.failed,
       dead_count = h.dead_count + s.dead,
       last_error = COALESCE(s.last_error, h.last_error),
       last_error_at = CASE WHEN s.last_error IS NULL THEN h.last_error_at ELSE now() END,
       consecutive_failures = CASE WHEN s.reset THEN 0 ELSE h.consecutive_failures END + s.tail_failures,
       consecutive_dead = CASE WHEN s.reset THEN 0 ELSE h.consecutive_dead END + s.tail_dead,
       flagged = (NOT s.reset AND h.flagged)
         OR CASE WHEN s.reset THEN 0 ELSE h.consecutive_dead END + s.tail_dead >= $9::int
         OR CASE WHEN s.reset THEN 0 ELSE h.consecutive_failures END + s.tail_failures >= $10::int
     FROM unnest($1::text[], $2::int[], $3::int[], $4::int[], $5::text[], $6::boolean[], $7::int[], $8::int[])
       AS s(id, delivered, failed, dead, last_error, reset, tail_failures, tail_dead)
     WHERE h.id = s.id`,
    [ids, t.map((x) => x.delivered), t.map((x) => x.failed), t.map((x) => x.dead), t.map((x) => x.lastError),
      t.map((x) => x.reset), t.map((x) => x.tailFailures), t.map((x) => x.tailDead), FLAG_AFTER_DEAD, FLAG_AFTER_FAILURES]
  )
}

/** The next pending delivery of each finished chain, leased and returned as a job. */
async function claimSuccessors (tx: Queryable, finished: ReadonlyArray<{ subscription_id: string, resource_key: string }>, leaseMs: number): Promise<DeliveryJob[]> {
  const res = await tx.query<{ id: string, generation: number, attempts: number, delay_ms: number }>(
    `WITH chains AS (
       SELECT DISTINCT sub, rk FROM unnest($1::text[], $2::text[]) AS c(sub, rk)
     ), next AS (
       SELECT DISTINCT ON (d.subscription_id, d.resource_key) d.id
       FROM cx_delivery d JOIN chains c ON d.subscription_id = c.sub AND d.resource_key = c.rk
       WHERE d.state = 'pending'
       ORDER BY d.subscription_id, d.resource_key, d.outbox_seq
     )
     UPDATE cx_delivery d SET queued_until = GREATEST(d.next_attempt_at, now()) + $3::int * interval '1 millisecond'
     FROM next WHERE d.id = next.id
     RETURNING d.id::text AS id, d.generation, d.attempts,
       GREATEST(0, ceil(EXTRACT(EPOCH FROM (d.next_attempt_at - now())) * 1000))::int AS delay_ms`,
    [finished.map((f) => f.subscription_id), finished.map((f) => f.resource_key), leaseMs]
  )
  return res.rows.map((r) => ({ deliveryId: r.id, generation: r.generation, attempt: r.attempts, delayMs: r.delay_ms }))
}

async function withDeadlockRetry<T> (fn: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn()
    } catch (err) {
      const code = (err as { code?: string }).code
      if (attempt >= 3 || (code !== '40P01' && code !== '40001')) throw err
    }
  }
}
