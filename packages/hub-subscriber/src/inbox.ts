import { createHash } from 'node:crypto'
import { verifySignature } from '@cx/events'
import { badRequest, TmfError } from '@cx/errors'
import { assertStorableJson } from '@cx/engine'
import { assertSafeIdentifier, type Queryable, type Db } from '@cx/store'
import type { Doc } from './source-client.ts'

export type InboxOutcome = 'applied' | 'duplicate' | 'stale' | 'ignored'

/** A fingerprint of a signing secret, to notice a changed secret without storing it. */
export function secretFingerprint (secret: string): string {
  // The label predates this package (cx's stored fingerprints use it), so it stays.
  return createHash('sha256').update(`cx-hub-secret:${secret}`).digest('hex').slice(0, 16)
}

/** A hub notification whose signature and shape were checked. */
export interface VerifiedEvent {
  eventId: string
  eventType: string
  /** `eventTime` when it is a date, else the receiver's now. */
  eventTime: string
  /** The whole TMF event envelope. */
  envelope: Doc
}

/**
 * Checks one hub notification: `X-Hub-Signature-256` over the exact body (RFC 2104 HMAC-SHA256,
 * the TMF hub signing convention of this suite), JSON, storable, with `eventId` and `eventType`.
 * Errors: 401 TmfError ERR401-SIGNATURE (missing or wrong signature), 400 TmfError (not a JSON
 * event).
 */
export function verifyEvent (input: { rawBody: string, signature: string | undefined, secret: string, now: Date }): VerifiedEvent {
  if (!verifySignature(input.secret, input.rawBody, input.signature)) {
    throw new TmfError(401, 'ERR401-SIGNATURE', 'Unauthorized', 'X-Hub-Signature-256 is missing or does not match the body')
  }
  let envelope: Doc
  try {
    envelope = JSON.parse(input.rawBody) as Doc
  } catch {
    throw badRequest('the notification body is not valid JSON', 'ERR400-MALFORMED-JSON')
  }
  if (envelope === null || typeof envelope !== 'object' || Array.isArray(envelope)) throw badRequest('a notification is a JSON object', 'ERR400-EVENT')
  // A listener keeps the raw body for the signature, so the engine's body parser did not see it.
  assertStorableJson(envelope)
  const eventId = typeof envelope.eventId === 'string' ? envelope.eventId : undefined
  const eventType = typeof envelope.eventType === 'string' ? envelope.eventType : undefined
  if (eventId === undefined || eventType === undefined) throw badRequest('a notification needs eventId and eventType', 'ERR400-EVENT')
  const eventTime = typeof envelope.eventTime === 'string' && !Number.isNaN(Date.parse(envelope.eventTime)) ? envelope.eventTime : input.now.toISOString()
  return { eventId, eventType, eventTime, envelope }
}

/**
 * Records `eventId` in the inbox table and runs `apply` in the same transaction, so a redelivered
 * event is a no-op ('duplicate') and an applied one is never recorded without its effect
 * (at-least-once delivery made exactly-once in effect). The table needs (event_id PK, source,
 * event_type): see inboxMigration.
 */
export async function inTransactionOnce (db: Db, inbox: { table: string, source: string }, event: VerifiedEvent, apply: (tx: Queryable) => Promise<InboxOutcome>): Promise<InboxOutcome> {
  const table = assertSafeIdentifier(inbox.table)
  return await db.transaction(async (tx) => {
    const fresh = await tx.query(`INSERT INTO ${table} (event_id, source, event_type) VALUES ($1, $2, $3) ON CONFLICT (event_id) DO NOTHING RETURNING event_id`,
      [event.eventId, inbox.source, event.eventType], { name: `${table}-insert` })
    if (fresh.rows.length === 0) return 'duplicate'
    return await apply(tx)
  })
}
