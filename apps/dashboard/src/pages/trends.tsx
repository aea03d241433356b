import { useState } from 'react'
import { call } from '../api/apis.ts'
import { KpiCharts, type TrendFilters } from '../components/kpi-charts.tsx'
import { useDashboard } from '../context.ts'
import { distinct, segmentOf } from '../lib/customers.ts'
import { useLoad } from '../use-load.ts'

interface Options { partners: Array<{ id: string, name: string }>, segments: string[], offerings: Array<{ id: string, name: string }> }

/**
 * Trend charts of NPS, CSAT, MTTR, order to activation and SLA compliance per week or month,
 * filtered by partner, segment and product offering. The choices come from the caller's own
 * data (scorecards, customers, orders); a partner's charts are always its own.
 */
export function TrendsPage () {
  const { apis, session } = useDashboard()
  const own = session.principal.kind === 'partner' ? session.principal.partnerId : ''
  const [filters, setFilters] = useState<TrendFilters>({ period: 'month', partnerId: own, segment: '', productOfferingId: '' })
  const set = (f: Partial<TrendFilters>) => setFilters((old) => ({ ...old, ...f }))
  const [options] = useLoad<Options>(async () => {
    const [cards, customers, orders] = await Promise.all([
      call(apis.analytics.GET('/partnerScorecard', { params: { query: { fields: 'partner', limit: 1000 } } })),
      call(apis.customers.GET('/customer', { params: { query: { fields: 'characteristic', limit: 1000 } } })),
      call(apis.orders.GET('/productOrder', { params: { query: { fields: 'productOrderItem', limit: 1000 } } }))
    ])
    const partners = new Map(cards.data.map((c) => [c.partner.id, c.partner.name ?? c.partner.id]))
    const offerings = new Map<string, string>()
    for (const o of orders.data) {
      for (const item of o.productOrderItem ?? []) {
        const po = item.productOffering
        if (po?.id !== undefined) offerings.set(po.id, po.name ?? po.id)
      }
    }
    return {
      partners: [...partners].map(([id, name]) => ({ id, name })).sort((a, b) => a.name.localeCompare(b.name)),
      segments: distinct(customers.data.map((c) => segmentOf(c.characteristic as Array<{ name?: string, value?: unknown }> | undefined))),
      offerings: [...offerings].map(([id, name]) => ({ id, name })).sort((a, b) => a.name.localeCompare(b.name))
    }
  }, session.token)
  const o: Options = options.state === 'ok' ? options.data : { partners: [], segments: [], offerings: [] }

  return (
    <section aria-labelledby='trends-title'>
      <h1 id='trends-title'>Trends</h1>
      <form className='filters' onSubmit={(e) => e.preventDefault()} aria-label='Trend filters'>
        <label>Period
          <select value={filters.period} onChange={(e) => set({ period: e.target.value as 'week' | 'month' })} data-testid='trend-period'>
            <option value='month'>Month</option><option value='week'>Week</option>
          </select>
        </label>
        <label>Partner
          <select value={filters.partnerId} onChange={(e) => set({ partnerId: e.target.value })} disabled={own !== ''} data-testid='trend-partner'>
            {own === '' ? <option value=''>All partners</option> : <option value={own}>{session.label}</option>}
            {own === '' ? o.partners.map((p) => <option key={p.id} value={p.id}>{p.name}</option>) : null}
          </select>
        </label>
        <label>Segment
          <select value={filters.segment} onChange={(e) => set({ segment: e.target.value })} data-testid='trend-segment'>
            <option value=''>All segments</option>
            {o.segments.map((s) => <option key={s} value={s}>{s}</option>)}
          </select>
        </label>
        <label>Product offering
          <select value={filters.productOfferingId} onChange={(e) => set({ productOfferingId: e.target.value })} data-testid='trend-offering'>
            <option value=''>All offerings</option>
            {o.offerings.map((p) => <option key={p.id} value={p.id}>{p.name}</option>)}
          </select>
        </label>
      </form>
      {options.state === 'error' ? <p className='status warning' role='status'>The filter choices could not be loaded (HTTP {options.status}); the charts still show every partner, segment and offering.</p> : null}
      <KpiCharts filters={filters} />
    </section>
  )
}
