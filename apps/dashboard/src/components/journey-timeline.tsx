import { useState } from 'react'
import { Link } from 'react-router'
import { pageCounts } from '@cx/clients'
import { call } from '../api/apis.ts'
import { useDashboard } from '../context.ts'
import { formatDateTime } from '../lib/format.ts'
import { JOURNEY_KINDS, kindLabel, recordRoute } from '../lib/journey.ts'
import { useLoad } from '../use-load.ts'
import { Empty, Loaded } from './status.tsx'

const LIMIT = 1000

/**
 * Every journey event of the customer in time order (GET /journeyEvent, sorted by date), filtered
 * by kind and partner on the server (TMF630 attribute filters), each linked to its record.
 */
export function JourneyTimeline ({ customerId, partners }: { customerId: string, partners: Array<{ id: string, name: string }> }) {
  const { apis } = useDashboard()
  const [kind, setKind] = useState('')
  const [partner, setPartner] = useState('')
  const [load, retry] = useLoad(async () => {
    const query = { 'customer.id': customerId, sort: 'date', limit: LIMIT, ...(kind === '' ? {} : { kind }), ...(partner === '' ? {} : { 'partner.id': partner }) }
    const { data, response } = await call(apis.analytics.GET('/journeyEvent', { params: { query } }))
    return { events: data, total: pageCounts(response).total ?? data.length }
  }, `${customerId}|${kind}|${partner}`)

  return (
    <section className='card journey' aria-labelledby='journey-title'>
      <h2 id='journey-title'>Journey</h2>
      <form className='filters' onSubmit={(e) => e.preventDefault()} aria-label='Journey filters'>
        <label>Kind
          <select value={kind} onChange={(e) => setKind(e.target.value)} data-testid='journey-kind'>
            <option value=''>All kinds</option>
            {JOURNEY_KINDS.map((k) => <option key={k} value={k}>{kindLabel(k)}</option>)}
          </select>
        </label>
        <label>Partner
          <select value={partner} onChange={(e) => setPartner(e.target.value)} data-testid='journey-partner'>
            <option value=''>All partners</option>
            {partners.map((p) => <option key={p.id} value={p.id}>{p.name}</option>)}
          </select>
        </label>
      </form>
      <Loaded load={load} what='the journey' retry={retry}>
        {({ events, total }) => events.length === 0
          ? <Empty testId='journey-empty'>{kind === '' && partner === '' ? 'No interactions recorded for this customer yet.' : 'No interaction matches these filters. Choose another kind or partner.'}</Empty>
          : (
            <>
              <p className='muted' aria-live='polite' data-testid='journey-count'>{events.length} interactions{total > events.length ? ` (the first ${events.length} of ${total})` : ''}, oldest first</p>
              <ol className='timeline' data-testid='journey'>
                {events.map((e) => {
                  const to = recordRoute(customerId, e.entity)
                  return (
                    <li key={e.id} data-kind={e.kind} data-partner={e.partner?.id ?? ''}>
                      <time dateTime={e.date}>{formatDateTime(e.date)}</time>
                      <span className={`kind ${e.kind}`}>{kindLabel(e.kind)}</span>
                      <span className='summary'>{to === undefined ? e.summary : <Link to={to}>{e.summary}</Link>}</span>
                      {e.partner === undefined ? null : <span className='muted'>{e.partner.name ?? e.partner.id}</span>}
                    </li>
                  )
                })}
              </ol>
            </>
            )}
      </Loaded>
    </section>
  )
}
