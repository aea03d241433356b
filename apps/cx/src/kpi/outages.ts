import { pct, percentile, round2, type KpiDefinition } from './definition.ts'

/** The outage behind a fact of an outage ticket (outages/outage.migrations.ts). */
const OUTAGE_JOIN = "JOIN cx_outage o ON f.entity_key = 'troubleTicket/' || o.id"

/**
 * Repeat-contact and outage KPIs (issue 15 §3). Repeats come from the trouble-ticket service's
 * threading (`repeatContactCount`, carried as `outcome = 'repeat'` on the ticketOpened fact);
 * outage figures from the outage tables cx keeps (cx_outage: customers affected, first message).
 */
export const outageKpis: readonly KpiDefinition[] = [
  {
    name: 'repeatContactRate',
    unit: '%',
    description: 'Repeat contacts: tickets that come back to a problem the customer already raised',
    formula: 'Over customer tickets opened in the period (outages excluded): % that are repeats, i.e. the customer had an open ticket, or one resolved within the threading window (30 days by default), about the same product, offering or service (else of the same ticketType) when it was opened (repeatContactCount > 0).',
    higherIsBetter: false,
    kinds: ['ticketOpened'],
    where: "f.outcome IS DISTINCT FROM 'outage'",
    value: pct("f.outcome = 'repeat'"),
    sample: 'count(*)'
  },
  {
    name: 'outageMinutesPerCustomer',
    unit: 'minutes',
    description: 'Outage minutes per customer (customer minutes lost, divided by the customers known)',
    formula: 'Over outages (CxOutage tickets) first resolved in the period: Σ (minutes from the outage\'s creation to its first resolution × customers it affected), divided by the customers in the read model now.',
    higherIsBetter: false,
    kinds: ['ticketResolved'],
    join: OUTAGE_JOIN,
    value: round2("sum(f.hours * 60 * o.affected) / NULLIF((SELECT count(*) FROM cx_entity c WHERE c.kind = 'customer' AND NOT c.deleted), 0)"),
    sample: 'count(*)'
  },
  {
    name: 'timeToFirstCommunication',
    unit: 'minutes',
    description: 'Time from an outage starting to the first message about it (median, with p90)',
    formula: 'Over outages created in the period whose customers were told: median (p50, and p90) of the minutes from the outage\'s creation to the first TMF681 message created about it.',
    higherIsBetter: false,
    kinds: ['ticketOpened'],
    join: OUTAGE_JOIN,
    where: 'o.first_told IS NOT NULL',
    value: percentile(0.5, 'extract(epoch FROM (o.first_told - o.started_at)) / 60'),
    p90: percentile(0.9, 'extract(epoch FROM (o.first_told - o.started_at)) / 60'),
    sample: 'count(*)'
  }
]
