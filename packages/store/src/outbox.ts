import type { Queryable } from './db.ts'

/** One TMF event waiting in the outbox, written in the same transaction as the change. */
export interface OutboxEvent {
  eventId: string
  api: string
  resourceType: string
  resourceId: string
  eventType: string
  /** Party ids of the resource, so deliveries can be scoped without re-reading it. */
  parties: readonly string[]
  /** The TMF v5 event envelope. */
  payload: Record<string, unknown>
  /**
   * Who may receive it, for events that exist once per viewer (a read model's partner views):
   * undefined/null = every operator subscription and the subscriptions of the partners in `parties`;
   * OPERATOR_AUDIENCE = operator subscriptions only; a partner id = that partner's subscriptions only.
   */
  audience?: string | null
  /**
   * W3C Trace Context `traceparent` of the span that wrote the event (absent when tracing is off):
   * the delivery of the event continues that trace (observability, not part of the TMF event).
   */
  traceParent?: string | null
}

/** The audience of an event meant for operator subscriptions only. */
export const OPERATOR_AUDIENCE = '*operator'

/**
 * NOTIFY channel a relay may listen on. Nothing raises it today: NOTIFY takes a global lock at
 * commit that serialised every write (measured ~20% fewer events/s), so writers wake their own
 * process's relay directly and other processes poll (1 s).
 */
export const OUTBOX_CHANNEL = 'cx_outbox'

export async function appendToOutbox (tx: Queryable, events: readonly OutboxEvent[]): Promise<void> {
  if (events.length === 0) return
  const params: unknown[] = []
  const rows = events.map((e) => {
    const base = params.length
    params.push(e.eventId, e.api, e.resourceType, e.resourceId, e.eventType, e.parties, e.payload, e.audience ?? null, e.traceParent ?? null)
    return `($${base + 1}, $${base + 2}, $${base + 3}, $${base + 4}, $${base + 5}, $${base + 6}, $${base + 7}, $${base + 8}, $${base + 9})`
  })
  await tx.query(
    `INSERT INTO cx_outbox (event_id, api, resource_type, resource_id, event_type, parties, payload, audience, trace_parent) VALUES ${rows.join(', ')}`,
    params,
    // Writes carry one to a few events, so a handful of prepared shapes covers them all.
    events.length <= 8 ? { name: `cx_outbox-insert-b-${events.length}` } : {}
  )
}
