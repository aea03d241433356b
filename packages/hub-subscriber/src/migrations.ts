import { assertSafeIdentifier, type Migration } from '@cx/store'

/**
 * The two tables a subscriber needs, named by its prefix: `{prefix}_inbox` (every applied eventId,
 * recorded in the transaction that applies it) and `{prefix}_source` (per source: its hub
 * subscription, the fingerprint of the secret it was made with, its status and the back-fill
 * watermark).
 */
export function subscriberMigration (prefix: string): Migration {
  const p = assertSafeIdentifier(prefix)
  return {
    id: `${p}-subscriber-001`,
    statements: [
      `CREATE TABLE IF NOT EXISTS ${p}_inbox (
        event_id text PRIMARY KEY,
        source text NOT NULL,
        event_type text NOT NULL,
        received_at timestamptz NOT NULL DEFAULT now()
      )`,
      `CREATE TABLE IF NOT EXISTS ${p}_source (
        source text PRIMARY KEY,
        subscription_id text,
        callback text,
        secret_fingerprint text,
        watermark text,
        status text NOT NULL DEFAULT 'backfilling',
        last_error text,
        backfilled_at timestamptz
      )`
    ]
  }
}
