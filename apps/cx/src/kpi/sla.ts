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
    value: pct("NOT EXISTS (SELECT 1 FROM cx_fact v WHERE v.kind = 'slaViolation' AND v.ref_keys @> ARRAY[f.entity_key])"),
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
