import type { Db } from '@cx/store'
import { Batcher } from './batcher.ts'
import type { DeliveryConfig } from './config.ts'
import { deliveryIdsOf, type DeliveryJob, type DeliveryRef, type JobHandler, type JobQueue, type Logger } from './job-queue.ts'
import { recordOutcomes, type AttemptOutcome } from './outcomes.ts'
import type { Sender } from './sender.ts'

interface LoadedDelivery {
  id: string
  subscription_id: string
  generation: number
  attempts: number
  state: string
  body: string
  event_id: string
  event_type: string
  callback: string
  secret: string | null
  head: boolean
  event_created_at: Date | string
  trace_parent: string | null
}

export interface DeliveryHandler {
  handle: JobHandler
  /** Follow-up jobs that could not be enqueued are handed back to the sweeper through this. */
  release: (ids: readonly string[]) => Promise<void>
}

/**
 * The one delivery handler, whichever queue feeds it: load the row, check it is still this
 * attempt and first in line for its resource, POST it, record the outcome, enqueue what follows.
 * Loads and outcome writes are batched across concurrent jobs (see Batcher).
 */
export function createDeliveryHandler (opts: { db: Db, queue: JobQueue, sender: Sender, config: DeliveryConfig, leaseMs: number, logger: Logger }): DeliveryHandler {
  const { db, queue, sender, config, leaseMs, logger } = opts
  const observer = config.observer

  const loader = new Batcher<string, LoadedDelivery | undefined>(async (ids) => {
    const res = await db.query<LoadedDelivery>(
      `SELECT d.id::text AS id, d.subscription_id, d.generation, d.attempts, d.state, d.body, d.event_id, d.event_type,
         h.callback, h.secret, d.event_created_at,
         (SELECT o.trace_parent FROM cx_outbox o WHERE o.event_id = d.event_id) AS trace_parent,
         NOT EXISTS (SELECT 1 FROM cx_delivery p WHERE p.state = 'pending' AND p.subscription_id = d.subscription_id
           AND p.resource_key = d.resource_key AND p.outbox_seq < d.outbox_seq) AS head
       FROM cx_delivery d JOIN cx_hub h ON h.id = d.subscription_id
       WHERE d.id = ANY($1::bigint[])`,
      [ids]
    )
    const byId = new Map(res.rows.map((r) => [r.id, r]))
    return ids.map((id) => byId.get(id))
  })

  async function release (ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return
    await db.query("UPDATE cx_delivery SET queued_until = NULL WHERE id = ANY($1::bigint[]) AND state = 'pending'", [ids])
  }

  async function enqueue (jobs: DeliveryJob[]): Promise<void> {
    if (jobs.length === 0) return
    try {
      await queue.add(jobs)
    } catch (err) {
      logger.warn({ err, count: jobs.length }, 'could not enqueue follow-up deliveries; the sweeper will')
      await release(deliveryIdsOf(jobs)).catch(() => {})
    }
  }

  const writer = new Batcher<AttemptOutcome | { blocked: string }, null>(async (items) => {
    const outcomes = items.filter((i): i is AttemptOutcome => !('blocked' in i))
    const blocked = items.filter((i): i is { blocked: string } => 'blocked' in i).map((i) => i.blocked)
    // Not first in line: forget the lease, the predecessor's completion (or the sweeper) brings it back.
    if (blocked.length > 0) await release(blocked)
    const jobs = outcomes.length > 0 ? await recordOutcomes(db, outcomes, config, leaseMs) : []
    await enqueue(jobs)
    return items.map(() => null)
  }, 1000)

  async function attempt (job: DeliveryRef): Promise<void> {
    const row = await loader.push(job.deliveryId)
    // Gone (subscription deleted), finished, replayed since, or an attempt already made: stale job.
    if (row === undefined || row.state !== 'pending' || row.generation !== job.generation || row.attempts !== job.attempt) return
    if (!row.head) {
      await writer.push({ blocked: row.id })
      return
    }
    const started = performance.now()
    const result = await sender.send({ callback: row.callback, secret: row.secret, body: row.body, eventId: row.event_id, eventType: row.event_type, traceParent: row.trace_parent })
    observer?.attempted({ ok: result.ok, seconds: (performance.now() - started) / 1000, lagSeconds: Math.max(0, (Date.now() - new Date(row.event_created_at).getTime()) / 1000) })
    if (!result.ok) logger.debug({ deliveryId: row.id, error: result.error }, 'hub delivery attempt failed')
    await writer.push({
      deliveryId: row.id,
      subscriptionId: row.subscription_id,
      generation: row.generation,
      attempt: row.attempts,
      ok: result.ok,
      status: result.status,
      error: result.error
    })
  }

  // A group's attempts are for different resources (one head per chain), so they run side by side.
  async function handle (job: DeliveryJob): Promise<void> {
    await Promise.all(job.refs.map(attempt))
  }

  return { handle, release }
}
