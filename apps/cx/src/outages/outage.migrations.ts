import type { Migration } from '@cx/store'

/**
 * The outage tables of the cx read model (README "Outages"):
 *
 * - `cx_outage`: the latest version of every CxOutage ticket, with its partners (scope), when it
 *   started and was resolved, and `update_key`: which update customers are to be told about now
 *   (`acknowledged@<eta>`, `inProgress@<eta>`, `resolved`…; a new key is a new round of messages);
 *   `affected` and `first_told` are kept by the worker for the KPIs;
 * - `cx_outage_impact`: the customers an open outage affects and why, and when they were first and
 *   last told;
 * - `cx_outage_message`: one row per message per customer per update: its primary key is the
 *   "at most one message per customer per update" rule; a row without `message_id` is a customer
 *   without a usable contact medium (counted and listed, not messaged);
 * - `cx_outage_due`: outages whose impact or messages are to be brought up to date;
 * - `cx_outage_link_due`: new customer tickets to compare with the open outages.
 */
export const outageMigrations: readonly Migration[] = [
  {
    id: 'cx-outage-001',
    statements: [
      `CREATE TABLE IF NOT EXISTS cx_outage (
        id text PRIMARY KEY,
        status text NOT NULL,
        partners text[] NOT NULL DEFAULT '{}',
        started_at timestamptz NOT NULL,
        resolved_at timestamptz,
        update_key text NOT NULL,
        affected integer NOT NULL DEFAULT 0,
        first_told timestamptz,
        doc jsonb NOT NULL
      )`,
      `CREATE TABLE IF NOT EXISTS cx_outage_impact (
        outage_id text NOT NULL,
        customer_id text NOT NULL,
        reasons text[] NOT NULL,
        partners text[] NOT NULL DEFAULT '{}',
        first_told timestamptz,
        last_told timestamptz,
        contactable boolean,
        doc jsonb NOT NULL,
        PRIMARY KEY (outage_id, customer_id)
      )`,
      'CREATE INDEX IF NOT EXISTS cx_outage_impact_customer ON cx_outage_impact (customer_id)',
      `CREATE TABLE IF NOT EXISTS cx_outage_message (
        outage_id text NOT NULL,
        update_key text NOT NULL,
        customer_id text NOT NULL,
        medium text,
        message_id text,
        created_at timestamptz NOT NULL,
        PRIMARY KEY (outage_id, update_key, customer_id)
      )`,
      'CREATE TABLE IF NOT EXISTS cx_outage_due (outage_id text PRIMARY KEY)',
      'CREATE TABLE IF NOT EXISTS cx_outage_link_due (ticket_id text PRIMARY KEY, customer_id text NOT NULL, opened_at timestamptz NOT NULL)'
    ]
  },
  {
    // ticketOpened facts now say whether the ticket is an outage or a repeat contact: derive them again.
    id: 'cx-outage-002-facts',
    statements: ["INSERT INTO cx_rebuild (what) VALUES ('kpi-facts') ON CONFLICT DO NOTHING"]
  }
]
