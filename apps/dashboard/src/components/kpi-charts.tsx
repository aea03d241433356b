import { call } from '../api/apis.ts'
import { useDashboard } from '../context.ts'
import { chartRows, KPI_TITLES, kpiQuery, TREND_KPIS } from '../lib/kpi-chart.ts'
import { useLoad } from '../use-load.ts'
import { KpiChart } from './kpi-chart.tsx'
import { Loaded } from './status.tsx'

export interface TrendFilters { period: 'week' | 'month', partnerId: string, segment: string, productOfferingId: string }

/** The trend KPIs (NPS, CSAT, MTTR, order to activation, SLA compliance) for one set of filters. */
export function KpiCharts ({ filters }: { filters: TrendFilters }) {
  const { apis } = useDashboard()
  const query = kpiQuery(filters)
  const [load, retry] = useLoad(async () => await Promise.all(TREND_KPIS.map(async (name) =>
    (await call(apis.analytics.GET('/kpi/{name}', { params: { path: { name }, query } }))).data)), JSON.stringify(query))
  return (
    <Loaded load={load} what='the KPIs' retry={retry}>
      {(series) => (
        <div className='charts'>
          {series.map((s) => <KpiChart key={s.name} name={s.name} title={KPI_TITLES[s.name] ?? s.name} unit={s.unit} rows={chartRows(s.series, s.period)} />)}
        </div>
      )}
    </Loaded>
  )
}
