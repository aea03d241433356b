import { useState } from 'react'
import { Link, useParams } from 'react-router'
import { call } from '../api/apis.ts'
import { KpiCharts } from '../components/kpi-charts.tsx'
import { Empty, Failure, Loaded } from '../components/status.tsx'
import { useDashboard } from '../context.ts'
import { ScorecardTable } from './scorecards.tsx'
import { useLoad } from '../use-load.ts'

/** One partner: its scorecard per period (newest first) and its KPIs over time. */
export function PartnerPage () {
  const { id = '' } = useParams()
  const { apis, session } = useDashboard()
  const [period, setPeriod] = useState<'week' | 'month'>('month')
  const [load, retry] = useLoad(async () => (await call(apis.analytics.GET('/partnerScorecard', { params: { query: { period, 'partner.id': id, sort: '-periodStart', limit: 1000 } } }))).data, `${id}|${period}`)
  const foreign = session.principal.kind === 'partner' && session.principal.partnerId !== id
  return (
    <section aria-labelledby='partner-title'>
      <p><Link to='/scorecards'>← Partner scorecards</Link></p>
      {foreign
        ? <Failure status={403} message={`signed in as partner ${session.principal.kind === 'partner' ? session.principal.partnerId : ''}`} what="another partner's figures" />
        : (
          <>
            <Loaded load={load} what='the scorecards' retry={retry}>
              {(cards) => (
                <>
                  <h1 id='partner-title' data-testid='partner-name'>{cards[0]?.partner.name ?? id}</h1>
                  <form className='filters' onSubmit={(e) => e.preventDefault()}>
                    <label>Period
                      <select value={period} onChange={(e) => setPeriod(e.target.value as 'week' | 'month')}><option value='month'>Month</option><option value='week'>Week</option></select>
                    </label>
                  </form>
                  <h2>Scorecard per period</h2>
                  {cards.length === 0 ? <Empty>This partner has no scorecard in this range: it is responsible for no record yet.</Empty> : <ScorecardTable cards={cards} periodColumn={period} />}
                </>
              )}
            </Loaded>
            <h2>KPIs over time</h2>
            <KpiCharts filters={{ period, partnerId: id, segment: '', productOfferingId: '' }} />
          </>
          )}
    </section>
  )
}
