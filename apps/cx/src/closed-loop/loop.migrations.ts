import type { Migration } from '@cx/store'

/**
 * The closed loop's tables:
 *
 * - `cx_loop_survey`: the surveys as last read from the survey API (their triggers and loop
 *   settings), refreshed by the loop runner;
 * - `cx_loop_invitation`: one row per invitation to make, keyed by what makes it unique (survey and
 *   subject, or the recovery a follow-up closes), so duplicate events and several replicas insert it
 *   once; the row is also the durable delayed job (`due_at`), claimed with a lease by whichever
 *   replica runs it first;
 * - `cx_loop_recovery`: one row per detractor response (its id), the state of its recovery and the
 *   served `Recovery` document (GET /tmf-api/cxAnalytics/v1/recovery).
 */
export const closedLoopMigrations: readonly Migration[] = [
  {
    id: 'cx-closed-loop-001',
    statements: [
      `CREATE TABLE IF NOT EXISTS cx_loop_survey (
        id text PRIMARY KEY,
        status text NOT NULL,
        doc jsonb NOT NULL,
        refreshed_at timestamptz NOT NULL DEFAULT now()
      )`,
      `CREATE TABLE IF NOT EXISTS cx_loop_invitation (
        id text PRIMARY KEY,
        survey_id text NOT NULL,
        subject jsonb,
        customer_id text NOT NULL,
        partner jsonb,
        follow_up_of text,
        event_type text NOT NULL,
        occurred_at timestamptz NOT NULL,
        due_at timestamptz NOT NULL,
        state text NOT NULL DEFAULT 'scheduled',
        attempts integer NOT NULL DEFAULT 0,
        lease_until timestamptz,
        sent_at timestamptz,
        expires_at timestamptz,
        response_id text,
        reason text
      )`,
      'CREATE INDEX IF NOT EXISTS cx_loop_invitation_due ON cx_loop_invitation (state, due_at)',
      'CREATE INDEX IF NOT EXISTS cx_loop_invitation_customer ON cx_loop_invitation (customer_id, sent_at)',
      'CREATE INDEX IF NOT EXISTS cx_loop_invitation_response ON cx_loop_invitation (response_id)',
      `CREATE TABLE IF NOT EXISTS cx_loop_recovery (
        id text PRIMARY KEY,
        customer_id text NOT NULL,
        partners text[] NOT NULL DEFAULT '{}',
        state text NOT NULL,
        ticket_id text,
        attempts integer NOT NULL DEFAULT 0,
        lease_until timestamptz,
        doc jsonb NOT NULL
      )`,
      'CREATE INDEX IF NOT EXISTS cx_loop_recovery_state ON cx_loop_recovery (state)',
      'CREATE INDEX IF NOT EXISTS cx_loop_recovery_ticket ON cx_loop_recovery (ticket_id)',
      'CREATE INDEX IF NOT EXISTS cx_loop_recovery_partners ON cx_loop_recovery USING gin (partners)'
    ]
  }
]
