import { createHash } from 'node:crypto'
import { verifySignature } from '@cx/events'
import { badRequest, TmfError } from '@cx/errors'
import { assertStorableJson } from '@cx/engine'
import type { Db } from '@cx/store'
import { projectVersions } from './projections/project.ts'
import type { Doc } from './projections/entity-facts.ts'
import { isDeleteEvent, type SourceSpec } from './sources/source-specs.ts'

export type InboxOutcome = 'applied' | 'duplicate' | 'stale' | 'ignored'

/** A fingerprint of a signing secret, to notice a changed secret without storing it. */
export function secretFingerprint (secret: string): string {
  return createHash('sha256').update(`cx-hub-secret:${secret}`).digest('hex').slice(0, 16)
}

/**
 * Receives one hub notification from a source: checks `X-Hub-Signature-256` over the exact body
 * (a bad or missing signature is a 401 and changes nothing), records the `eventId` in the inbox and
 * projects the resource version it carries in the same transaction, so a redelivered event is a
 * no-op that still answers 2xx (at-least-once delivery). Errors: 401 TmfError (signature),
 * 400 TmfError (not a JSON event).
 */
export async function receiveEvent (db: Db, spec: SourceSpec, input: { rawBody: string, signature: string | undefined, secret: string, now: Date }): Promise<InboxOutcome> {
  if (!verifySignature(input.secret, input.rawBody, input.signature)) {
    throw new TmfError(401, 'ERR401-SIGNATURE', 'Unauthorized', 'X-Hub-Signature-256 is missing or does not match the body')
  }
  let event: Doc
  try {
    event = JSON.parse(input.rawBody) as Doc
  } catch {
    throw badRequest('the notification body is not valid JSON', 'ERR400-MALFORMED-JSON')
  }
  // The listener keeps the raw body for the signature, so the engine's body parser did not see it.
  assertStorableJson(event)
  const eventId = typeof event.eventId === 'string' ? event.eventId : undefined
  const eventType = typeof event.eventType === 'string' ? event.eventType : undefined
  if (eventId === undefined || eventType === undefined) throw badRequest('a notification needs eventId and eventType', 'ERR400-EVENT')
  const payload = (event.event as Doc | undefined)?.[spec.collection]
  if (payload === null || typeof payload !== 'object') return 'ignored'
  const eventTime = typeof event.eventTime === 'string' && !Number.isNaN(Date.parse(event.eventTime)) ? event.eventTime : input.now.toISOString()

  return await db.transaction(async (tx) => {
    const fresh = await tx.query('INSERT INTO cx_inbox (event_id, source, event_type) VALUES ($1, $2, $3) ON CONFLICT (event_id) DO NOTHING RETURNING event_id',
      [eventId, spec.name, eventType], { name: 'cx-inbox-insert' })
    if (fresh.rows.length === 0) return 'duplicate'
    const { applied } = await projectVersions(tx, [{ kind: spec.name, doc: payload as Doc, deleted: isDeleteEvent(eventType), at: eventTime }], input.now)
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
