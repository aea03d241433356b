import { useMemo, useState } from 'react'
import { Link } from 'react-router'
import { call } from '../api/apis.ts'
import { pageCounts } from '@cx/clients'
import { Empty, Loaded } from '../components/status.tsx'
import { useDashboard } from '../context.ts'
import { distinct, filterCustomers, NO_FILTERS, openTicketCount, segmentOf, type ChurnRisk, type CustomerFilters, type CustomerRow } from '../lib/customers.ts'
import { formatNumber } from '../lib/format.ts'
import { useLoad } from '../use-load.ts'

// The 360 list's page cap (MAX_PAGE_LIMIT): the search covers this many customers of the caller.
const PAGE = 1000

/**
 * Customer search over the caller's Customer 360 views (operator: every customer; partner: the
 * customers it serves). Churn risk is a server-side TMF630 filter; name (TMF630 has no substring
 * match), segment (a TMF629 characteristic, not in the 360) and open tickets are matched here.
 * Search text stays in the page, never in the address (no personal data in URLs).
 */
export function CustomersPage () {
  const { apis } = useDashboard()
  const [filters, setFilters] = useState<CustomerFilters>(NO_FILTERS)
  const set = (f: Partial<CustomerFilters>) => setFilters((old) => ({ ...old, ...f }))

  const [load, retry] = useLoad(async () => {
    const risk = filters.churnRisk
    const [views, customers] = await Promise.all([
      call(apis.customer360.GET('/customer360', { params: { query: { fields: 'customer,experience,troubleTicket', sort: 'experience.experienceIndex', limit: PAGE, ...(risk === '' ? {} : { 'experience.churnRisk': risk }) } } })),
      call(apis.customers.GET('/customer', { params: { query: { fields: 'characteristic', limit: PAGE } } }))
    ])
    const segments = new Map(customers.data.map((c) => [c.id, segmentOf(c.characteristic as Array<{ name?: string, value?: unknown }> | undefined)]))
    const rows: CustomerRow[] = views.data.map((v) => ({
      id: v.id,
      name: v.customer.name ?? v.id,
      status: v.customer.status,
      segment: segments.get(v.id),
      openTickets: openTicketCount(v.troubleTicket ?? []),
      experienceIndex: v.experience?.experienceIndex ?? null,
      churnRisk: v.experience?.churnRisk as ChurnRisk | undefined
    }))
    return { rows, total: pageCounts(views.response).total ?? rows.length }
  }, filters.churnRisk)

  const segmentOptions = useMemo(() => load.state === 'ok' ? distinct(load.data.rows.map((r) => r.segment)) : [], [load])

  return (
    <section aria-labelledby='customers-title'>
      <h1 id='customers-title'>Customers</h1>
      <form className='filters' role='search' onSubmit={(e) => e.preventDefault()}>
        <label>Name or id <input type='search' value={filters.text} onChange={(e) => set({ text: e.target.value })} placeholder='e.g. Lovelace' /></label>
        <label>Segment
          <select value={filters.segment} onChange={(e) => set({ segment: e.target.value })}>
            <option value=''>All</option>
            {segmentOptions.map((s) => <option key={s} value={s}>{s}</option>)}
          </select>
        </label>
        <label>Churn risk
          <select value={filters.churnRisk} onChange={(e) => set({ churnRisk: e.target.value as CustomerFilters['churnRisk'] })}>
            <option value=''>All</option><option value='high'>High</option><option value='medium'>Medium</option><option value='low'>Low</option>
          </select>
        </label>
        <label className='inline'><input type='checkbox' checked={filters.openTicketsOnly} onChange={(e) => set({ openTicketsOnly: e.target.checked })} /> With open tickets</label>
        <button type='button' onClick={() => setFilters(NO_FILTERS)}>Clear</button>
      </form>
      <Loaded load={load} what='the customers' retry={retry}>
        {({ rows, total }) => {
          const shown = filterCustomers(rows, filters)
          if (rows.length === 0) {
            return <Empty>{filters.churnRisk === '' ? 'No customers yet. In embedded mode the demo data arrives a few seconds after the start: retry in a moment.' : 'No customer has this churn risk. Choose another churn risk or All.'}</Empty>
          }
          return (
            <>
              <p className='muted' aria-live='polite' data-testid='customer-count'>{shown.length} of {rows.length} customers{total > rows.length ? ` (the first ${rows.length} of ${total}, worst experience first: narrow with churn risk)` : ''}</p>
              {shown.length === 0
                ? <Empty>No customer matches these filters. Clear a filter or search another name.</Empty>
                : <CustomerTable rows={shown} />}
            </>
          )
        }}
      </Loaded>
    </section>
  )
}

function CustomerTable ({ rows }: { rows: CustomerRow[] }) {
  return (
    <div className='table-wrap' tabIndex={0}>
      <table data-testid='customer-table'>
        <caption className='sr-only'>Customers, worst experience first</caption>
        <thead><tr><th scope='col'>Name</th><th scope='col'>Id</th><th scope='col'>Segment</th><th scope='col'>Open tickets</th><th scope='col'>Experience</th><th scope='col'>Churn risk</th></tr></thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.id}>
              <th scope='row'><Link to={`/customers/${encodeURIComponent(r.id)}`}>{r.name}</Link></th>
              <td className='id'>{r.id}</td>
              <td>{r.segment ?? '—'}</td>
              <td>{r.openTickets}</td>
              <td>{formatNumber(r.experienceIndex, 0)}</td>
              <td>{r.churnRisk === undefined ? '—' : <span className={`risk ${r.churnRisk}`}>{r.churnRisk}</span>}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}
