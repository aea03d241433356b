/** An app (or anything with its `db`): the outbox is read straight from the store. */
export interface HasDb { db: { query: <R>(sql: string, params?: readonly unknown[]) => Promise<{ rows: R[] }> } }

export interface OutboxRecord {
  eventType: string
  resourceId: string
  payload: Record<string, unknown>
}

/**
 * Outbox rows, oldest first: all of them, or those about one resource and/or of some event types.
 * The outbox is what a write committed, whether or not any hub has relayed it yet.
 */
export async function outboxEvents (app: HasDb, filter: { resourceId?: string, eventTypes?: readonly string[] } = {}): Promise<OutboxRecord[]> {
  const rows = await app.db.query<{ event_type: string, resource_id: string, payload: Record<string, unknown> }>(
    `SELECT event_type, resource_id, payload FROM cx_outbox
     WHERE ($1::text IS NULL OR resource_id = $1) AND ($2::text[] IS NULL OR event_type = ANY($2::text[]))
     ORDER BY seq`,
    [filter.resourceId ?? null, filter.eventTypes === undefined ? null : [...filter.eventTypes]]
  )
  return rows.rows.map((r) => ({ eventType: r.event_type, resourceId: r.resource_id, payload: r.payload }))
}

/** Event types written to the outbox for one resource (or for all, without an id), oldest first. */
export async function outboxTypes (app: HasDb, resourceId?: string): Promise<string[]> {
  return (await outboxEvents(app, resourceId === undefined ? {} : { resourceId })).map((e) => e.eventType)
}

/** How many outbox rows there are of each event type. */
export async function outboxCounts (app: HasDb): Promise<Record<string, number>> {
  const rows = await app.db.query<{ event_type: string, n: number }>('SELECT event_type, count(*)::int AS n FROM cx_outbox GROUP BY event_type ORDER BY event_type')
  return Object.fromEntries(rows.rows.map((r) => [r.event_type, r.n]))
}
