import type pg from 'pg'

/**
 * Bulk-loads N valid v5 tickets in SQL (seconds, not minutes): 1,000 customers with ~N/1000
 * tickets each, three partners, every status, normalised dates.
 */
export async function seedTickets (client: pg.Client, n: number): Promise<void> {
  await client.query(`
    INSERT INTO trouble_ticket (id, doc, parties, created_at)
    SELECT id, jsonb_build_object(
        '@type', 'TroubleTicket',
        'id', id,
        'href', '/tmf-api/troubleTicket/v5/troubleTicket/' || id,
        'name', 'Ticket ' || i,
        'description', 'Benchmark ticket number ' || i,
        'severity', (ARRAY['Critical','Major','Minor'])[1 + i % 3],
        'ticketType', (ARRAY['Incident','Complaint','Request'])[1 + i % 3],
        'priority', (1 + i % 4)::text,
        'status', (ARRAY['acknowledged','inProgress','resolved','closed','held','pending'])[1 + i % 6],
        'creationDate', to_char(created AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
        'lastUpdate', to_char(created AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
        'relatedParty', jsonb_build_array(
          jsonb_build_object('@type', 'RelatedPartyRefOrPartyRoleRef', 'role', 'customer', 'partyOrPartyRole', jsonb_build_object('@type', 'PartyRef', 'id', 'cust-' || (i % 1000), '@referredType', 'Individual')),
          jsonb_build_object('@type', 'RelatedPartyRefOrPartyRoleRef', 'role', 'partner', 'partyOrPartyRole', jsonb_build_object('@type', 'PartyRoleRef', 'id', 'partner-' || (i % 3), '@referredType', 'BusinessPartner'))
        )
      ), ARRAY['cust-' || (i % 1000), 'partner-' || (i % 3)], created
    FROM (SELECT i, 'bench-' || i AS id, now() - (i || ' minutes')::interval AS created FROM generate_series(1, $1::int) AS i) s
  `, [n])
  await client.query('ANALYZE trouble_ticket')
}
