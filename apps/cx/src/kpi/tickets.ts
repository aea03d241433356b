import { pct, percentile, type KpiDefinition } from './definition.ts'

/**
 * Trouble-ticket KPIs, from each ticket's `creationDate` and `statusChangeHistory`. Acknowledgement
 * facts are bucketed by the first move to `inProgress`, resolution facts by the first move to
 * `resolved`.
 */
export const ticketKpis: readonly KpiDefinition[] = [
  {
    name: 'mtta',
    unit: 'hours',
    description: 'Time to acknowledge a ticket (median, with p90)',
    formula: 'Over tickets first moved to inProgress in the period: median (p50, and p90) of the hours from creationDate to that first inProgress.',
    higherIsBetter: false,
    kinds: ['ticketAck'],
    value: percentile(0.5, 'f.hours'),
    p90: percentile(0.9, 'f.hours'),
    sample: 'count(*)'
  },
  {
    name: 'mttr',
    unit: 'hours',
    description: 'Time to resolve a ticket (median, with p90)',
    formula: 'Over tickets first resolved in the period: median (p50, and p90) of the hours from creationDate to the first resolved.',
    higherIsBetter: false,
    kinds: ['ticketResolved'],
    value: percentile(0.5, 'f.hours'),
    p90: percentile(0.9, 'f.hours'),
    sample: 'count(*)'
  },
  {
    name: 'mttrNet',
    unit: 'hours',
    description: 'Time to resolve a ticket, without the time it waited in pending or held (median, with p90)',
    formula: 'Over tickets first resolved in the period: median (p50, and p90) of the hours from creationDate to the first resolved, minus the hours spent in pending or held before it.',
    higherIsBetter: false,
    kinds: ['ticketResolved'],
    value: percentile(0.5, 'f.net_hours'),
    p90: percentile(0.9, 'f.net_hours'),
    sample: 'count(*)'
  },
  {
    name: 'fcr',
    unit: '%',
    description: 'First-contact resolution',
    formula: 'Over tickets first resolved in the period: % that never entered pending and were never reopened (no resolved → inProgress change).',
    higherIsBetter: true,
    kinds: ['ticketResolved'],
    value: pct('NOT f.entered_pending AND NOT f.reopened'),
    sample: 'count(*)'
  },
  {
    name: 'reopenRate',
    unit: '%',
    description: 'Reopened tickets',
    formula: 'Over tickets first resolved in the period: % that were reopened afterwards (a resolved → inProgress change, seen as of now).',
    higherIsBetter: false,
    kinds: ['ticketResolved'],
    value: pct('f.reopened'),
    sample: 'count(*)'
  }
]
