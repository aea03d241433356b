import type { Migration } from '@cx/store'

/**
 * The delivery state lives in PostgreSQL, next to the outbox: one row per event × subscription.
 * Redis (BullMQ) only carries the work and its timing, so losing Redis, or a process, delays
 * deliveries but never loses them: whatever is `pending` in this table is eventually re-driven.
 *
 * - `state`: pending → delivered | dead; a replay turns dead back into pending and bumps
 *   `generation`, so jobs left over from an earlier life of the row are recognised as stale.
 * - `resource_key` + `outbox_seq` give the per-subscription, per-resource order: only the
 *   oldest pending delivery of a (subscription, resource) chain is ever attempted.
 * - `queued_until`: a lease. A row whose job is believed to be queued is not re-enqueued by the
 *   sweeper before the lease ends; NULL means "no job known, enqueue when due and first in line".
 * - `body`: the exact JSON sent (projected and rendered for the subscription's API version at
 *   fan-out), so retries and replays send the same bytes and workers need no formatter.
 */
export const eventsMigrations: readonly Migration[] = [
  {
    id: 'events-001-delivery',
    statements: [
      `CREATE TABLE IF NOT EXISTS cx_delivery (
        id bigserial PRIMARY KEY,
        subscription_id text NOT NULL REFERENCES cx_hub (id) ON DELETE CASCADE,
        api text NOT NULL,
        outbox_seq bigint NOT NULL,
        event_id text NOT NULL,
        event_type text NOT NULL,
        resource_type text NOT NULL,
        resource_id text NOT NULL,
        resource_key text NOT NULL,
        body text NOT NULL,
        state text NOT NULL DEFAULT 'pending',
        generation integer NOT NULL DEFAULT 0,
        attempts integer NOT NULL DEFAULT 0,
        next_attempt_at timestamptz NOT NULL DEFAULT now(),
        queued_until timestamptz,
        last_error text,
        last_status integer,
        event_created_at timestamptz NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        delivered_at timestamptz,
        dead_at timestamptz,
        UNIQUE (subscription_id, event_id)
      )`,
      // Chain heads: "is there an older pending delivery for this subscription and resource?"
      `CREATE INDEX IF NOT EXISTS cx_delivery_chain ON cx_delivery (subscription_id, resource_key, outbox_seq)
        WHERE state = 'pending'`,
      // The sweeper looks only at rows without a live lease (NULL, or ended): a bitmap OR over this.
      "CREATE INDEX IF NOT EXISTS cx_delivery_lease ON cx_delivery (queued_until) WHERE state = 'pending'",
      // The operator's dead-letter listing and the retention clean-up.
      "CREATE INDEX IF NOT EXISTS cx_delivery_dead ON cx_delivery (api, dead_at, id) WHERE state = 'dead'",
      "CREATE INDEX IF NOT EXISTS cx_delivery_done ON cx_delivery (delivered_at) WHERE state = 'delivered'",
      // A queue-like table (inserted, updated twice, deleted): vacuum it early so its partial
      // indexes do not fill up with dead entries.
      'ALTER TABLE cx_delivery SET (autovacuum_vacuum_scale_factor = 0.02, autovacuum_analyze_scale_factor = 0.05)',
      // Consecutive outcomes decide when a subscription is flagged (and when it recovers).
      'ALTER TABLE cx_hub ADD COLUMN IF NOT EXISTS consecutive_failures integer NOT NULL DEFAULT 0',
      'ALTER TABLE cx_hub ADD COLUMN IF NOT EXISTS consecutive_dead integer NOT NULL DEFAULT 0',
      // One identity per database: processes sharing it share a BullMQ queue, other databases
      // (other services on the same Redis) get their own, so a worker never takes a job whose
      // delivery row lives elsewhere.
      `CREATE TABLE IF NOT EXISTS cx_events_meta (
        key text PRIMARY KEY,
        value text NOT NULL
      )`,
      "INSERT INTO cx_events_meta (key, value) VALUES ('queue_id', replace(gen_random_uuid()::text, '-', '')) ON CONFLICT (key) DO NOTHING"
    ]
  },
  {
    // A v5 Hub is Extensible: @type, @baseType and @schemaLocation as the subscriber sent them.
    id: 'events-002-hub-extensible',
    statements: ["ALTER TABLE cx_hub ADD COLUMN IF NOT EXISTS extensible jsonb NOT NULL DEFAULT '{}'::jsonb"]
  }
]
