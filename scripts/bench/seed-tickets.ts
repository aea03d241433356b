/** Anything that runs SQL: a `pg` client, or the app's own store (PGlite in embedded mode). */
export interface SqlRunner { query: (sql: string, params?: unknown[]) => Promise<unknown> }

/**
 * Bulk-loads N valid v5 tickets in SQL (seconds, not minutes): `customers` customers (default
 * 1,000) with ~N/customers tickets each, three partners, every status, severity and type in
 * independent proportions (1/6, 1/3, 1/3), one ticket a minute back in time, normalised dates.
 * Then VACUUM ANALYZE: a freshly loaded table has neither statistics nor a visibility map, and
 * lists planned without them were measured 60× slower until autovacuum came round.
 */
export async function seedTickets (client: SqlRunner, n: number, customers = 1000): Promise<void> {
  await client.query(`
    INSERT INTO trouble_ticket (id, doc, parties, created_at)
    SELECT id, jsonb_build_object(
        '@type', 'TroubleTicket',
        'id', id,
        'href', '/tmf-api/troubleTicket/v5/troubleTicket/' || id,
        'name', 'Ticket ' || i,
        'description', 'Benchmark ticket number ' || i,
        'severity', (ARRAY['Critical','Major','Minor'])[1 + i % 3],
        'ticketType', (ARRAY['Incident','Complaint','Request'])[1 + (i / 3) % 3],
        'priority', (1 + i % 4)::text,
        'status', (ARRAY['acknowledged','inProgress','resolved','closed','held','pending'])[1 + (i / 9) % 6],
        'creationDate', to_char(created AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
        'lastUpdate', to_char(created AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
        'relatedParty', jsonb_build_array(
          jsonb_build_object('@type', 'RelatedPartyRefOrPartyRoleRef', 'role', 'customer', 'partyOrPartyRole', jsonb_build_object('@type', 'PartyRef', 'id', 'cust-' || (i % $2::int), '@referredType', 'Individual')),
          jsonb_build_object('@type', 'RelatedPartyRefOrPartyRoleRef', 'role', 'partner', 'partyOrPartyRole', jsonb_build_object('@type', 'PartyRoleRef', 'id', 'partner-' || (i % 3), '@referredType', 'BusinessPartner'))
        )
      ), ARRAY['cust-' || (i % $2::int), 'partner-' || (i % 3)], created
    FROM (SELECT i, 'bench-' || i AS id, now() - (i || ' minutes')::interval AS created FROM generate_series(1, $1::int) AS i) s
  `, [n, customers])
  await client.query('VACUUM ANALYZE trouble_ticket')
}
