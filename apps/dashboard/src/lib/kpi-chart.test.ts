import t from 'tap'
import { chartRows, hasValues, kpiQuery } from './kpi-chart.ts'
import { formatTrend, periodLabel } from './format.ts'

t.test('chart rows keep every bucket, its sample size and the server\'s low-sample mark', async (t) => {
  const rows = chartRows([
    { periodStart: '2026-10-01T00:00:00+01:00', value: null, sampleSize: 0, lowSample: true },
    { periodStart: '2026-11-01T00:00:00Z', value: 42.5, sampleSize: 31, lowSample: false, p90: 80 }
  ], 'month')
  t.same(rows, [{ period: '2026-10', value: null, sampleSize: 0, lowSample: true }, { period: '2026-11', value: 42.5, sampleSize: 31, lowSample: false }])
  t.ok(hasValues(rows))
  t.notOk(hasValues([rows[0] as (typeof rows)[number]]))
})

t.test('period labels: a month, the Monday of a week', async (t) => {
  t.equal(periodLabel('2026-11-23T00:00:00+01:00', 'week'), '2026-11-23')
  t.equal(periodLabel('2026-11-01T00:00:00Z', 'month'), '2026-11')
})

t.test('the KPI query names only the filters that are set', async (t) => {
  t.same(kpiQuery({ period: 'week', partnerId: '', segment: '', productOfferingId: '' }), { period: 'week' })
  t.same(kpiQuery({ period: 'month', partnerId: 'fibreco', segment: 'business', productOfferingId: 'fibre-1g' }), { period: 'month', 'partner.id': 'fibreco', segment: 'business', 'productOffering.id': 'fibre-1g' })
})

t.test('trends are signed, with a true minus sign', async (t) => {
  t.equal(formatTrend(3), '+3')
  t.equal(formatTrend(-5.25), '\u22125.3')
  t.equal(formatTrend(0), '0')
  t.equal(formatTrend(null), '—')
})
