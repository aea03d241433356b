import type { Db } from '@cx/store'
import { retryDelayMs, type DeliveryConfig } from './config.ts'
import { singleJob, type DeliveryJob } from './job-queue.ts'

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
// this many failed attempts in a row. Any success clears the flag.
export const FLAG_AFTER_DEAD = 3
export const FLAG_AFTER_FAILURES = 25

/*
 * One statement (hence one round trip and one atomic commit) records a batch of outcomes:
 *  - upd:   each delivery row moves on (delivered / dead / pending with its back-off). The guard on
 *           (generation, attempts, pending) makes a stale or duplicate outcome change nothing.
 *  - stats/hub: per subscription, only for the rows actually updated; "consecutive" counters restart
 *           at the batch's last success (ord = order of the outcomes).
 *  - nxt:   for each chain whose head just finished, the next pending delivery is leased. The CTEs
 *           all read the statement's snapshot, in which the finished rows are still pending, so
 *           they are excluded explicitly; chains that still have a retrying row are left alone.
 * synchronous_commit is off for this transaction only: a crash can lose the last few outcomes,
 * which leaves their rows pending and re-delivers them. That is a duplicate, which at-least-once
 * allows, never a loss; it saves a WAL flush per batch on the hottest write path.
 */
const RECORD_SQL = `
WITH u AS (
  SELECT u.* FROM unnest($1::bigint[], $2::int[], $3::int[], $4::text[], $5::int[], $6::text[], $7::int[], $8::int[])
    AS u(id, generation, attempts, state, status, error, delay_ms, ord),
    (SELECT set_config('synchronous_commit', 'off', true)) AS cfg
), upd AS (
  UPDATE cx_delivery d SET
    state = u.state,
    attempts = u.attempts,
    last_error = COALESCE(u.error, d.last_error),
    last_status = u.status,
    next_attempt_at = CASE WHEN u.state = 'pending' THEN now() + u.delay_ms * interval '1 millisecond' ELSE d.next_attempt_at END,
    queued_until = CASE WHEN u.state = 'pending' THEN now() + (u.delay_ms + $9::int) * interval '1 millisecond' END,
    delivered_at = CASE WHEN u.state = 'delivered' THEN now() ELSE d.delivered_at END,
    dead_at = CASE WHEN u.state = 'dead' THEN now() ELSE d.dead_at END
  FROM u
  WHERE d.id = u.id AND d.generation = u.generation AND d.attempts = u.attempts - 1 AND d.state = 'pending'
  RETURNING d.id, d.subscription_id, d.resource_key, d.state, d.generation, d.attempts, u.delay_ms, u.ord, u.error
), marked AS (
  SELECT upd.*, max(ord) FILTER (WHERE state = 'delivered') OVER (PARTITION BY subscription_id) AS last_ok FROM upd
), stats AS (
  SELECT subscription_id,
    count(*) FILTER (WHERE state = 'delivered') AS delivered,
    count(*) FILTER (WHERE state <> 'delivered') AS failed,
    count(*) FILTER (WHERE state = 'dead') AS dead,
    (array_agg(error ORDER BY ord DESC) FILTER (WHERE state <> 'delivered'))[1] AS last_error,
    bool_or(last_ok IS NOT NULL) AS reset,
    count(*) FILTER (WHERE state <> 'delivered' AND ord > COALESCE(last_ok, -1)) AS tail_failures,
    count(*) FILTER (WHERE state = 'dead' AND ord > COALESCE(last_ok, -1)) AS tail_dead
  FROM marked GROUP BY subscription_id
), hub AS ( -- a data-modifying CTE runs whether or not it is referenced
  UPDATE cx_hub h SET
    delivered_count = h.delivered_count + s.delivered,
    failed_count = h.failed_count + s.failed,
    dead_count = h.dead_count + s.dead,
    last_error = COALESCE(s.last_error, h.last_error),
    last_error_at = CASE WHEN s.last_error IS NULL THEN h.last_error_at ELSE now() END,
    consecutive_failures = CASE WHEN s.reset THEN 0 ELSE h.consecutive_failures END + s.tail_failures,
    consecutive_dead = CASE WHEN s.reset THEN 0 ELSE h.consecutive_dead END + s.tail_dead,
    flagged = (NOT s.reset AND h.flagged)
      OR CASE WHEN s.reset THEN 0 ELSE h.consecutive_dead END + s.tail_dead >= $10::int
      OR CASE WHEN s.reset THEN 0 ELSE h.consecutive_failures END + s.tail_failures >= $11::int
  FROM stats s WHERE h.id = s.subscription_id
  RETURNING h.id
), fin AS (
  SELECT DISTINCT subscription_id, resource_key FROM upd WHERE state <> 'pending'
  EXCEPT SELECT subscription_id, resource_key FROM upd WHERE state = 'pending'
), nxt AS (
  SELECT DISTINCT ON (d.subscription_id, d.resource_key) d.id
  FROM cx_delivery d JOIN fin ON d.subscription_id = fin.subscription_id AND d.resource_key = fin.resource_key
  WHERE d.state = 'pending' AND d.id NOT IN (SELECT id FROM upd)
  ORDER BY d.subscription_id, d.resource_key, d.outbox_seq
), succ AS (
  UPDATE cx_delivery d SET queued_until = GREATEST(d.next_attempt_at, now()) + $9::int * interval '1 millisecond'
  FROM nxt WHERE d.id = nxt.id
  RETURNING d.id, d.generation, d.attempts,
    GREATEST(0, ceil(EXTRACT(EPOCH FROM (d.next_attempt_at - now())) * 1000))::int AS delay_ms
)
SELECT id::text AS id, generation, attempts, delay_ms FROM upd WHERE state = 'pending'
UNION ALL
SELECT id::text, generation, attempts, delay_ms FROM succ`

/**
 * Records a batch of attempt outcomes and returns the follow-up jobs: retries (with their
 * back-off) and, for chains whose head is now done, the next delivery in line.
 */
export async function recordOutcomes (db: Db, outcomes: readonly AttemptOutcome[], config: DeliveryConfig, leaseMs: number): Promise<DeliveryJob[]> {
  // The same attempt twice in one batch (a job re-run after a stall) is recorded once.
  const unique = [...new Map(outcomes.map((o) => [`${o.deliveryId}/${o.generation}/${o.attempt}`, o])).values()]
  const rows = unique.map((o) => {
    const attempts = o.attempt + 1
    const state = o.ok ? 'delivered' : attempts >= config.maxAttempts ? 'dead' : 'pending'
    return { ...o, attempts, state, delayMs: state === 'pending' ? retryDelayMs(config, attempts) : 0 }
  })
  const res = await withDeadlockRetry(async () => await db.query<{ id: string, generation: number, attempts: number, delay_ms: number }>(RECORD_SQL, [
    rows.map((r) => r.deliveryId), rows.map((r) => r.generation), rows.map((r) => r.attempts), rows.map((r) => r.state),
    rows.map((r) => r.status), rows.map((r) => r.error), rows.map((r) => r.delayMs), rows.map((_r, i) => i),
    leaseMs, FLAG_AFTER_DEAD, FLAG_AFTER_FAILURES
  ]))
  return res.rows.map((r) => singleJob({ deliveryId: r.id, generation: r.generation, attempt: r.attempts }, r.delay_ms))
}

// Two processes recording outcomes for the same subscriptions, or an outcome racing a subscription
// delete, can deadlock on cx_hub / cx_delivery rows; PostgreSQL aborts one and it simply retries.
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
