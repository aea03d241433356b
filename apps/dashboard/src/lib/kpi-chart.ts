import { periodLabel } from './format.ts'

/** The KPIs the trend page charts (names of GET /kpi/{name}, apps/cx README "KPIs"). */
export const TREND_KPIS = ['nps', 'csat', 'mttr', 'orderToActivation', 'slaCompliance'] as const

export const KPI_TITLES: Record<string, string> = {
  nps: 'NPS',
  csat: 'CSAT',
  mttr: 'MTTR (median)',
  orderToActivation: 'Order to activation (median)',
  slaCompliance: 'SLA compliance'
}

export interface SeriesPoint { periodStart: string, value: number | null, sampleSize: number, lowSample: boolean, p90?: number | null }

/** One row of a chart's data table (also exposed as the chart's `data-chart` attribute). */
export interface ChartRow { period: string, value: number | null, sampleSize: number, lowSample: boolean }

/**
 * The rows a KPI chart draws: one per bucket, labelled by period; `lowSample` kept as the
 * server computed it (sampleSize below minSample), so the chart and its table mark the same buckets.
 */
export function chartRows (series: readonly SeriesPoint[], period: 'day' | 'week' | 'month'): ChartRow[] {
  return series.map((p) => ({ period: periodLabel(p.periodStart, period), value: p.value, sampleSize: p.sampleSize, lowSample: p.lowSample }))
}

/** Whether a series has any value to draw (an all-empty series gets an empty state instead). */
export function hasValues (rows: readonly ChartRow[]): boolean {
  return rows.some((r) => r.value !== null)
}

/**
 * The query of `GET /kpi/{name}` for the trend filters: only the filters that are set
 * (an empty filter means "all"), so the request names nothing the user did not choose.
 */
export function kpiQuery (f: { period: 'week' | 'month', partnerId: string, segment: string, productOfferingId: string }): { period: 'week' | 'month', 'partner.id'?: string, segment?: string, 'productOffering.id'?: string } {
  return {
    period: f.period,
    ...(f.partnerId === '' ? {} : { 'partner.id': f.partnerId }),
    ...(f.segment === '' ? {} : { segment: f.segment }),
    ...(f.productOfferingId === '' ? {} : { 'productOffering.id': f.productOfferingId })
  }
}
