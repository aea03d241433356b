import { inTransactionOnce, verifyEvent, type InboxOutcome } from '@cx/hub-subscriber'
import type { Db } from '@cx/store'
import { projectVersions } from './projections/project.ts'
import type { Doc } from './projections/entity-facts.ts'
import { isDeleteEvent, type SourceSpec } from './sources/source-specs.ts'

export type { InboxOutcome }

/**
 * Receives one hub notification from a source: checks `X-Hub-Signature-256` over the exact body
 * (a bad or missing signature is a 401 and changes nothing), records the `eventId` in the inbox and
 * projects the resource version it carries in the same transaction, so a redelivered event is a
 * no-op that still answers 2xx (at-least-once delivery). Errors: 401 TmfError (signature),
 * 400 TmfError (not a JSON event).
 */
export async function receiveEvent (db: Db, spec: SourceSpec, input: { rawBody: string, signature: string | undefined, secret: string, now: Date }): Promise<InboxOutcome> {
  const event = verifyEvent(input)
  const payload = (event.envelope.event as Doc | undefined)?.[spec.collection]
  if (payload === null || typeof payload !== 'object') return 'ignored'
  const eventTime = event.eventTime

  return await inTransactionOnce(db, { table: 'cx_inbox', source: spec.name }, event, async (tx) => {
    const { applied } = await projectVersions(tx, [{ kind: spec.name, doc: payload as Doc, deleted: isDeleteEvent(event.eventType), at: eventTime }], input.now)
    // At most once a second per source: every event updating this one row made the events of a
    // source commit one after the other (each waited for the previous one's row lock).
    await tx.query(
      `UPDATE cx_source SET last_received_at = $2, last_lag_seconds = $4,
         last_event_time = GREATEST(COALESCE(last_event_time, $3::timestamptz), $3::timestamptz)
       WHERE source = $1 AND (last_received_at IS NULL OR last_received_at <= $2::timestamptz - interval '1 second')`,
      [spec.name, input.now.toISOString(), eventTime, Math.max(0, (input.now.getTime() - Date.parse(eventTime)) / 1000)], { name: 'cx-source-seen' })
    return applied > 0 ? 'applied' : 'stale'
  })
}
