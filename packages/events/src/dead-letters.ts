import { appendAudit, type Db } from '@cx/store'
import { isoTime } from './hub-store.ts'
import type { EventRelay } from './relay.ts'

export interface DeadLetter {
  id: string
  subscriptionId: string
  callback: string
  eventId: string
  eventType: string
  resourceType: string
  resourceId: string
  attempts: number
  lastError: string | null
  lastStatus: number | null
  /** When the event was written (outbox time). */
  eventTime: string
  /** When the delivery gave up. */
  deadAt: string
  /** The notification as it was (and will be) sent. */
  event: unknown
}

export interface DeadLetterFilter {
  api: string
  subscriptionId?: string | undefined
  eventType?: string | undefined
  /** Dead since (inclusive), RFC 3339. */
  since?: string | undefined
  /** Dead before (exclusive), RFC 3339. */
  until?: string | undefined
  offset: number
  limit: number
}

export interface DeadLetterStore {
  list: (filter: DeadLetterFilter) => Promise<{ total: number, items: DeadLetter[] }>
  /** Turns dead letters back into pending deliveries with a fresh set of attempts; returns how many. */
  replay: (filter: { api: string, deliveryId?: string | undefined, subscriptionId?: string | undefined }, by?: ReplayActor) => Promise<number>
}

/** Who asked for a replay: recorded in the audit trail with it (same transaction). */
export interface ReplayActor { actor: string, partnerId: string | null, requestId: string | null }

interface DeadRow {
  id: string
  subscription_id: string
  callback: string
  event_id: string
  event_type: string
  resource_type: string
  resource_id: string
  attempts: number
  last_error: string | null
  last_status: number | null
  event_created_at: string
  dead_at: string
  body: string
  total: string | number
}

function parseBody (body: string): unknown {
  try { return JSON.parse(body) } catch { return body }
}

export function createDeadLetterStore (db: Db, relay?: EventRelay): DeadLetterStore {
  return {
    async list (f) {
      const params: unknown[] = [f.api]
      const where = ["d.state = 'dead'", 'd.api = $1']
      if (f.subscriptionId !== undefined) where.push(`d.subscription_id = $${params.push(f.subscriptionId)}`)
      if (f.eventType !== undefined) where.push(`d.event_type = ANY($${params.push(f.eventType.split(','))}::text[])`)
      if (f.since !== undefined) where.push(`d.dead_at >= $${params.push(f.since)}::timestamptz`)
      if (f.until !== undefined) where.push(`d.dead_at < $${params.push(f.until)}::timestamptz`)
      const res = await db.query<DeadRow>(
        `SELECT d.id::text AS id, d.subscription_id, h.callback, d.event_id, d.event_type, d.resource_type, d.resource_id,
           d.attempts, d.last_error, d.last_status, d.event_created_at, d.dead_at, d.body, count(*) OVER () AS total
         FROM cx_delivery d JOIN cx_hub h ON h.id = d.subscription_id
         WHERE ${where.join(' AND ')}
         ORDER BY d.dead_at, d.id
         LIMIT $${params.push(f.limit)} OFFSET $${params.push(f.offset)}`,
        params
      )
      let total = Number(res.rows[0]?.total ?? 0)
      if (res.rows.length === 0 && f.offset > 0) {
        const count = await db.query<{ total: string | number }>(
          `SELECT count(*) AS total FROM cx_delivery d WHERE ${where.join(' AND ')}`, params.slice(0, params.length - 2))
        total = Number(count.rows[0]?.total ?? 0)
      }
      return {
        total,
        items: res.rows.map((r) => ({
          id: r.id,
          subscriptionId: r.subscription_id,
          callback: r.callback,
          eventId: r.event_id,
          eventType: r.event_type,
          resourceType: r.resource_type,
          resourceId: r.resource_id,
          attempts: r.attempts,
          lastError: r.last_error,
          lastStatus: r.last_status,
          eventTime: isoTime(r.event_created_at) ?? '',
          deadAt: isoTime(r.dead_at) ?? '',
          event: parseBody(r.body)
        }))
      }
    },

    async replay (f, by) {
      const params: unknown[] = [f.api]
      const where = ["state = 'dead'", 'api = $1']
      if (f.deliveryId !== undefined) {
        // Ids are bigints; anything else simply matches nothing instead of failing the cast.
        if (!/^\d{1,18}$/.test(f.deliveryId)) return 0
        where.push(`id = $${params.push(f.deliveryId)}::bigint`)
      }
      if (f.subscriptionId !== undefined) where.push(`subscription_id = $${params.push(f.subscriptionId)}`)
      // A new generation makes any leftover job of the row's earlier life stale; attempts restart
      // so a subscriber that is back gets the full retry budget. queued_until NULL hands the rows
      // to the sweeper, which respects per-resource order like any other pending delivery.
      const replayed = await db.transaction(async (tx) => {
        const res = await tx.query<{ id: string }>(
          `UPDATE cx_delivery SET state = 'pending', generation = generation + 1, attempts = 0, next_attempt_at = now(),
             queued_until = NULL, dead_at = NULL
           WHERE ${where.join(' AND ')} RETURNING id::text AS id`,
          params
        )
        const ids = res.rows.map((r) => r.id)
        if (by !== undefined && ids.length > 0) {
          const target = f.deliveryId ?? f.subscriptionId ?? f.api
          const type = f.deliveryId !== undefined ? 'DeadLetter' : f.subscriptionId !== undefined ? 'Hub' : 'Api'
          await appendAudit(tx, { action: 'replay', ...by, api: f.api, resource: { id: target, type }, after: { replayedDeliveries: ids }, at: new Date().toISOString() })
        }
        return ids.length
      })
      if (replayed > 0) relay?.redrive?.()
      return replayed
    }
  }
}
