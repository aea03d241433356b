import { pct, round2, type KpiDefinition } from './definition.ts'

/**
 * SLA KPIs. A ticket or order is SLA-governed when a partner is responsible for it (the partners
 * of the value network are held to SLAs); it is violated when an SLA violation names it in
 * `relatedEntity`. Violations are bucketed by their `date`.
 */
export const slaKpis: readonly KpiDefinition[] = [
  {
    name: 'slaCompliance',
    unit: '%',
    description: 'SLA compliance',
    formula: 'Over partner-attributed tickets first resolved and orders that reached a final state in the period: % that no SLA violation names (relatedEntity).',
    higherIsBetter: true,
    kinds: ['ticketResolved', 'orderClosed'],
    where: 'cardinality(f.partners) > 0',
    // A hash join with the set of violated records, rather than probing the violations per record.
    join: "LEFT JOIN (SELECT DISTINCT unnest(v.ref_keys) AS k FROM cx_fact v WHERE v.kind = 'slaViolation') AS violated ON violated.k = f.entity_key",
    value: pct('violated.k IS NULL'),
    sample: 'count(*)'
  },
  {
    name: 'slaPenalties',
    unit: 'currency',
    description: 'SLA penalties by currency',
    formula: 'Over SLA violations dated in the period that carry a penalty (consequence.penalty): the sum of penalty values per currency (penalties[]); value is that sum when all share one currency, else null.',
    higherIsBetter: false,
    kinds: ['slaViolation'],
    where: 'f.amount IS NOT NULL',
    value: round2('sum(f.amount)'),
    sample: 'count(*)',
    byCurrency: true
  }
]
