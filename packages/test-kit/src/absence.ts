import type { Listener, ReceivedCall } from './listener.ts'
import { eventOf } from './listener.ts'
import { until, waitUntil, WAIT_CEILING_MS } from './wait.ts'

/** What the proof reads: a store (`app.db`, or a Db of the events tests). */
export interface QueryableDb { query: <R>(sql: string, params?: readonly unknown[]) => Promise<{ rows: R[] }> }

/**
 * A write whose event MUST reach the listener; resolves to a predicate recognising that call
 * (e.g. `callAbout(id, 'TroubleTicketCreateEvent')` for a ticket it has just created).
 */
export type SendMarker = () => Promise<(call: ReceivedCall) => boolean>

/**
 * Proves that nothing else reaches `listener`, instead of sleeping and hoping a late event would
 * have come by then. Call it after the writes whose events must not arrive:
 *
 * 1. `sendMarker` writes an event that must arrive at this listener, and we wait for it (so the
 *    subscription is alive: absence cannot pass because nothing is delivered at all);
 * 2. the relay fans the outbox out in `seq` order, one batch at a time, so every earlier event of
 *    the marker's API has been turned into its deliveries by now; we wait until none of the
 *    deliveries to this listener (any subscription whose callback is on its port) made from those
 *    earlier events is still pending: a delivered one is in `received` (the listener records a
 *    call before answering it), a leaked one would be too.
 *
 * Returns the calls received except the marker: final for everything written before the marker.
 * Throws when the marker does not arrive or deliveries stay pending past the ceiling.
 */
export async function callsBeforeMarker (db: QueryableDb, listener: Listener, sendMarker: SendMarker, timeoutMs = WAIT_CEILING_MS): Promise<ReceivedCall[]> {
  const isMarker = await sendMarker()
  const marker = await until('the marker event at the listener', () => listener.received.find(isMarker), timeoutMs)
  const eventId = String(marker.headers['x-event-id'] ?? eventOf(marker).eventId)
  const row = (await db.query<{ seq: string, api: string }>('SELECT seq::text AS seq, api FROM cx_outbox WHERE event_id = $1', [eventId])).rows[0]
  if (row === undefined) throw new Error(`the marker event ${eventId} is not in the outbox`)
  const port = `${new URL(listener.url).origin}/%`
  await waitUntil('every delivery to the listener written before the marker to settle', async () => {
    const res = await db.query<{ unrelayed: number, pending: number }>(
      `SELECT
         (SELECT count(*) FROM cx_outbox WHERE api = $2 AND seq < $1::bigint AND relayed_at IS NULL)::int AS unrelayed,
         (SELECT count(*) FROM cx_delivery d JOIN cx_hub h ON h.id = d.subscription_id
            WHERE d.state = 'pending' AND d.outbox_seq < $1::bigint AND h.callback LIKE $3)::int AS pending`,
      [row.seq, row.api, port]
    )
    return res.rows[0]?.unrelayed === 0 && res.rows[0]?.pending === 0
  }, timeoutMs)
  return listener.received.filter((call) => call !== marker)
}
