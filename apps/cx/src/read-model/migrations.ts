import type { Migration } from '@cx/store'
import { outageMigrations } from '../outages/outage.migrations.ts'
import { closedLoopMigrations } from '../closed-loop/loop.migrations.ts'

/**
 * The cx read model. Everything here is derived from the resource services and can be rebuilt by
 * dropping it and back-filling (see sources/backfill.ts):
 *
 * - `cx_inbox`: every delivered event id, recorded in the transaction that applies it, so a
 *   duplicate delivery is a no-op (at-least-once hubs);
 * - `cx_source`: per source API, its hub subscription, the back-fill watermark and freshness;
 * - `cx_entity`: the latest known version of every source resource (customer, troubleTicket,
 *   productOrder, slaViolation, surveyResponse), with the customer it belongs to and the partners
 *   responsible for it; `last_update` guards against an older version overwriting a newer one;
 * - `cx_journey`: the customer's interactions (TMF630 `journeyEvent` documents), derived from the
 *   entities' own histories, with the partners of the entity they are about (`parties`, for scope);
 * - `cx_customer360`: the composed Customer 360 document per customer and viewer ('*operator' for
 *   the operator's view, else a partner id), so a 360 read is one primary-key lookup;
 * - `cx_fact` (cx-002): the KPI facts of every record (see projections/kpi-facts.ts).
 */
export const cxMigrations: readonly Migration[] = [
  {
    id: 'cx-001-read-model',
    statements: [
      `CREATE TABLE IF NOT EXISTS cx_inbox (
        event_id text PRIMARY KEY,
        source text NOT NULL,
        event_type text NOT NULL,
        received_at timestamptz NOT NULL DEFAULT now()
      )`,
      `CREATE TABLE IF NOT EXISTS cx_source (
        source text PRIMARY KEY,
        subscription_id text,
        callback text,
        -- A fingerprint (not the secret) of the signing secret the subscription was made with.
        secret_fingerprint text,
        watermark text,
        status text NOT NULL DEFAULT 'backfilling',
        last_event_time timestamptz,
        last_received_at timestamptz,
        -- Delay between the latest event's eventTime and its projection here, in seconds.
        last_lag_seconds double precision,
        last_error text,
        backfilled_at timestamptz
      )`,
      `CREATE TABLE IF NOT EXISTS cx_entity (
        kind text NOT NULL,
        id text NOT NULL,
        customer_id text,
        partners text[] NOT NULL DEFAULT '{}',
        last_update text NOT NULL,
        deleted boolean NOT NULL DEFAULT false,
        doc jsonb NOT NULL,
        PRIMARY KEY (kind, id)
      )`,
      'CREATE INDEX IF NOT EXISTS cx_entity_customer ON cx_entity (customer_id)',
      `CREATE TABLE IF NOT EXISTS cx_journey (
        id text PRIMARY KEY,
        entity_key text NOT NULL,
        customer_id text NOT NULL,
        date timestamptz NOT NULL,
        parties text[] NOT NULL DEFAULT '{}',
        doc jsonb NOT NULL
      )`,
      'CREATE INDEX IF NOT EXISTS cx_journey_customer_date ON cx_journey (customer_id, date DESC, id)',
      'CREATE INDEX IF NOT EXISTS cx_journey_entity ON cx_journey (entity_key)',
      'CREATE INDEX IF NOT EXISTS cx_journey_parties ON cx_journey USING gin (parties)',
      // The journey list filters on customer.id through the document (the TMF630 query layer).
      'CREATE INDEX IF NOT EXISTS cx_journey_doc_customer ON cx_journey ((doc #>> \'{"customer","id"}\'), date, id)',
      `CREATE TABLE IF NOT EXISTS cx_customer360 (
        customer_id text NOT NULL,
        viewer text NOT NULL,
        doc jsonb NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (viewer, customer_id)
      )`
    ]
  },
  {
    // KPI facts (src/projections/kpi-facts.ts): one row per measurable fact of a record, kept by the
    // evolve step, so every KPI is an SQL aggregation over an index range of (kind, at).
    id: 'cx-002-kpi-facts',
    statements: [
      `CREATE TABLE IF NOT EXISTS cx_fact (
        entity_key text NOT NULL,
        seq integer NOT NULL,
        kind text NOT NULL,
        at timestamptz NOT NULL,
        customer_id text,
        partners text[] NOT NULL DEFAULT '{}',
        offerings text[] NOT NULL DEFAULT '{}',
        channels text[] NOT NULL DEFAULT '{}',
        hours double precision,
        net_hours double precision,
        nps integer,
        csat integer,
        ces integer,
        entered_pending boolean,
        reopened boolean,
        outcome text,
        amount double precision,
        unit text,
        ref_keys text[] NOT NULL DEFAULT '{}',
        PRIMARY KEY (entity_key, seq)
      )`,
      'CREATE INDEX IF NOT EXISTS cx_fact_kind_at ON cx_fact (kind, at)',
      'CREATE INDEX IF NOT EXISTS cx_fact_partners ON cx_fact USING gin (partners)',
      'CREATE INDEX IF NOT EXISTS cx_fact_ref_keys ON cx_fact USING gin (ref_keys)',
      'CREATE INDEX IF NOT EXISTS cx_fact_customer ON cx_fact (customer_id, kind, at)',
      // Derived data to recompute from cx_entity at the next start (projections/kpi-facts-rebuild.ts):
      // a read model filled before cx_fact existed gets its facts without re-reading the sources.
      'CREATE TABLE IF NOT EXISTS cx_rebuild (what text PRIMARY KEY)',
      "INSERT INTO cx_rebuild (what) VALUES ('kpi-facts') ON CONFLICT DO NOTHING"
    ]
  },
  {
    // Customers whose 360 views a back-fill has yet to recompose (see projections/project.ts refreshDue).
    id: 'cx-refresh-due-001',
    statements: ['CREATE TABLE IF NOT EXISTS cx_refresh_due (customer_id text PRIMARY KEY)']
  },
  {
    // Every recomposition finds a customer's views by customer_id; the primary key leads with the
    // viewer, so without this each one scanned every view (bench:cx: the top statement at 30k views).
    id: 'cx-360-by-customer-001',
    statements: ['CREATE INDEX IF NOT EXISTS cx_customer360_customer ON cx_customer360 (customer_id)']
  },
  {
    // KPI series and scorecards read a year of one kind's facts: through (kind, at) alone each fact
    // cost a heap page visit in random order (EXPLAIN: 37k buffers for 37k NPS facts); with every
    // column a KPI aggregates in the index they are index-only scans (638 buffers). It replaces
    // cx_fact_kind_at, so the evolve step still maintains one (kind, at) index.
    id: 'cx-fact-covering-001',
    statements: [
      `CREATE INDEX IF NOT EXISTS cx_fact_kind_at_cover ON cx_fact (kind, at)
        INCLUDE (partners, customer_id, entity_key, hours, net_hours, nps, csat, ces, entered_pending, reopened, outcome, amount, unit)`,
      'DROP INDEX IF EXISTS cx_fact_kind_at'
    ]
  },
  {
    // Scorecards named each partner by searching its journey for an event carrying the name: with
    // tens of thousands of events per partner and none named (bench:kpi), seconds per request. The
    // facts now carry the names their record gives its partners (aligned with partners), inside the
    // covering index; a rebuild at the next start fills them in for facts stored before.
    id: 'cx-fact-partner-names-001',
    statements: [
      "ALTER TABLE cx_fact ADD COLUMN IF NOT EXISTS partner_names text[] NOT NULL DEFAULT '{}'",
      'DROP INDEX IF EXISTS cx_fact_kind_at_cover',
      `CREATE INDEX IF NOT EXISTS cx_fact_kind_at_cover ON cx_fact (kind, at)
        INCLUDE (partners, partner_names, customer_id, entity_key, hours, net_hours, nps, csat, ces, entered_pending, reopened, outcome, amount, unit)`,
      "INSERT INTO cx_rebuild (what) VALUES ('kpi-facts') ON CONFLICT DO NOTHING"
    ]
  },
  // The closed loop (survey invitations, recoveries): closed-loop/loop.migrations.ts.
  ...closedLoopMigrations,
  // Outages, their impact and messages: outages/outage.migrations.ts.
  ...outageMigrations
]
