import { pct, percentile, type KpiDefinition } from './definition.ts'

/**
 * Product-order KPIs, from each order's `creationDate` and `stateChangeHistory` (else
 * `completionDate`/`cancellationDate`), bucketed by the time the order reached its final state
 * (`completed`, `failed`, `partial` or `cancelled`).
 */
export const orderKpis: readonly KpiDefinition[] = [
  {
    name: 'orderToActivation',
    unit: 'hours',
    description: 'Order to activation (median, with p90)',
    formula: 'Over orders completed in the period: median (p50, and p90) of the hours from creationDate to the change to completed.',
    higherIsBetter: false,
    kinds: ['orderClosed'],
    where: "f.outcome = 'completed'",
    value: percentile(0.5, 'f.hours'),
    p90: percentile(0.9, 'f.hours'),
    sample: 'count(*)'
  },
  {
    name: 'orderFalloutRate',
    unit: '%',
    description: 'Order fallout',
    formula: 'Over orders that reached a final state in the period (completed, failed, partial or cancelled): % that ended failed, partial or cancelled.',
    higherIsBetter: false,
    kinds: ['orderClosed'],
    value: pct("f.outcome IN ('failed', 'partial', 'cancelled')"),
    sample: 'count(*)'
  }
]
