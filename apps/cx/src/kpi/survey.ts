import { pct, round2, type KpiDefinition } from './definition.ts'

/**
 * Survey KPIs, over completed survey responses bucketed by `submittedDate`; a response counts for
 * a KPI only when it answers that KPI's question (`score.npsValue`, `score.csat`, `score.ces`).
 */
export const surveyKpis: readonly KpiDefinition[] = [
  {
    name: 'nps',
    unit: 'points',
    description: 'Net Promoter Score',
    formula: 'Over completed responses with an NPS answer submitted in the period: % promoters (9–10) − % detractors (0–6), from −100 to 100.',
    higherIsBetter: true,
    kinds: ['response'],
    where: 'f.nps IS NOT NULL',
    value: round2('100.0 * (count(*) FILTER (WHERE f.nps >= 9) - count(*) FILTER (WHERE f.nps <= 6)) / NULLIF(count(*), 0)'),
    sample: 'count(*)'
  },
  {
    name: 'detractorShare',
    unit: '%',
    description: 'Share of detractors',
    formula: 'Over completed responses with an NPS answer submitted in the period: % of answers 0–6.',
    higherIsBetter: false,
    kinds: ['response'],
    where: 'f.nps IS NOT NULL',
    value: pct('f.nps <= 6'),
    sample: 'count(*)'
  },
  {
    name: 'csat',
    unit: '%',
    description: 'Customer satisfaction (share of satisfied answers)',
    formula: 'Over completed responses with a CSAT answer (1–5) submitted in the period: % of answers 4 or 5.',
    higherIsBetter: true,
    kinds: ['response'],
    where: 'f.csat IS NOT NULL',
    value: pct('f.csat >= 4'),
    sample: 'count(*)'
  },
  {
    name: 'csatMean',
    unit: 'score 1–5',
    description: 'Mean CSAT answer',
    formula: 'Over completed responses with a CSAT answer (1–5) submitted in the period: the mean answer.',
    higherIsBetter: true,
    kinds: ['response'],
    where: 'f.csat IS NOT NULL',
    value: round2('avg(f.csat)'),
    sample: 'count(*)'
  },
  {
    name: 'ces',
    unit: 'score 1–7',
    description: 'Customer effort score (7 = easiest)',
    formula: 'Over completed responses with a CES answer (1–7, 7 = it was easy) submitted in the period: the mean answer.',
    higherIsBetter: true,
    kinds: ['response'],
    where: 'f.ces IS NOT NULL',
    value: round2('avg(f.ces)'),
    sample: 'count(*)'
  }
]
