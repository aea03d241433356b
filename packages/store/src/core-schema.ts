import type { Migration } from './migrate.ts'

/**
 * Tables every service shares: the transactional outbox (events commit with the change that
 * caused them) and the hub subscriptions. Resource tables are declared per resource
 * (see document-table.ts).
 */
export const coreMigrations: readonly Migration[] = [
  {
    id: 'core-001-outbox-and-hub',
    statements: [
      `CREATE TABLE IF NOT EXISTS cx_outbox (
        seq bigserial PRIMARY KEY,
        event_id text NOT NULL UNIQUE,
        api text NOT NULL,
        resource_type text NOT NULL,
        resource_id text NOT NULL,
        event_type text NOT NULL,
        parties text[] NOT NULL DEFAULT '{}',
        payload jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        relayed_at timestamptz
      )`,
      'CREATE INDEX IF NOT EXISTS cx_outbox_pending ON cx_outbox (seq) WHERE relayed_at IS NULL',
      `CREATE TABLE IF NOT EXISTS cx_hub (
        id text PRIMARY KEY,
        api text NOT NULL,
        version text NOT NULL,
        callback text NOT NULL,
        query text,
        owner_partner text,
        secret text,
        created_at timestamptz NOT NULL DEFAULT now(),
        delivered_count bigint NOT NULL DEFAULT 0,
        failed_count bigint NOT NULL DEFAULT 0,
        dead_count bigint NOT NULL DEFAULT 0,
        last_error text,
        last_error_at timestamptz,
        flagged boolean NOT NULL DEFAULT false
      )`,
      'CREATE INDEX IF NOT EXISTS cx_hub_api ON cx_hub (api)'
    ]
  },
  {
    // Events that exist once per viewer (a read model's partner views) name who may receive them.
    id: 'core-002-outbox-audience',
    statements: ['ALTER TABLE cx_outbox ADD COLUMN IF NOT EXISTS audience text']
  },
  {
    // The trace of the write that produced an event, continued by its deliveries (OpenTelemetry).
    id: 'core-003-outbox-trace',
    statements: ['ALTER TABLE cx_outbox ADD COLUMN IF NOT EXISTS trace_parent text']
  }
]
