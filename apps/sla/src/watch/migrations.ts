import type { Migration } from '@cx/store'
import { subscriberMigration } from '@cx/hub-subscriber'

/**
 * The watcher's tables: the inbox and source state of its hub subscriptions (sla_inbox,
 * sla_source), the latest version of each ticket and order it follows (sla_entity: clocks are
 * recomputed from it, an SLA that becomes active finds the open ones there, a simulation replays
 * it), the SLAs whose open entities were attached (sla_attachment), and each running clock's next
 * deadline (sla_deadline: what the timer and the delayed jobs fire, and recompute after a restart).
 */
export const watchMigrations: readonly Migration[] = [
  subscriberMigration('sla'),
  {
    id: 'sla-watch-001',
    statements: [
      `CREATE TABLE IF NOT EXISTS sla_entity (
        kind text NOT NULL,
        id text NOT NULL,
        partner_id text,
        created_at timestamptz NOT NULL,
        last_update text NOT NULL,
        doc jsonb NOT NULL,
        PRIMARY KEY (kind, id)
      )`,
      'CREATE INDEX IF NOT EXISTS sla_entity_partner ON sla_entity (partner_id, created_at)',
      `CREATE TABLE IF NOT EXISTS sla_attachment (
        sla_id text PRIMARY KEY,
        active_since text NOT NULL
      )`,
      `CREATE TABLE IF NOT EXISTS sla_deadline (
        clock_id text PRIMARY KEY,
        due_at timestamptz NOT NULL,
        sla_id text NOT NULL,
        rule_id text NOT NULL,
        entity_kind text NOT NULL,
        entity_id text NOT NULL
      )`,
      'CREATE INDEX IF NOT EXISTS sla_deadline_due ON sla_deadline (due_at)'
    ]
  }
]
