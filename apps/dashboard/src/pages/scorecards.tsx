import { useMemo, useState } from 'react'
import { Link } from 'react-router'
import type { EChartsCoreOption } from 'echarts/core'
import { call, type PartnerScorecard } from '../api/apis.ts'
import { EChart } from '../components/echart.tsx'
import { Empty, Loaded } from '../components/status.tsx'
import { useDashboard } from '../context.ts'
import { formatNumber, formatTrend, periodLabel } from '../lib/format.ts'
import { defaultPeriod, periodsOf, scoreSeries } from '../lib/scorecards.ts'
import { useLoad } from '../use-load.ts'

/** Partner scorecards: a ranked table per period with each partner's trend, and the scores over time. */
export function ScorecardsPage () {
  const { apis, session } = useDashboard()
  const [period, setPeriod] = useState<'week' | 'month'>('month')
  const [chosen, setChosen] = useState<string | undefined>(undefined)
  const [load, retry] = useLoad(async () => (await call(apis.analytics.GET('/partnerScorecard', { params: { query: { period, limit: 1000 } } }))).data, period)
  return (
    <section aria-labelledby='sc-title'>
      <h1 id='sc-title'>Partner scorecards</h1>
      {session.principal.kind === 'partner' ? <p className='muted'>You see your own scorecards, with your rank among all partners.</p> : null}
      <form className='filters' onSubmit={(e) => e.preventDefault()}>
        <label>Period
          <select value={period} onChange={(e) => { setPeriod(e.target.value as 'week' | 'month'); setChosen(undefined) }} data-testid='scorecard-period-type'>
            <option value='month'>Month</option><option value='week'>Week</option>
          </select>
        </label>
      </form>
      <Loaded load={load} what='the scorecards' retry={retry}>
        {(cards) => <Scorecards cards={cards} period={period} chosen={chosen} choose={setChosen} />}
      </Loaded>
    </section>
  )
}

function Scorecards ({ cards, period, chosen, choose }: { cards: PartnerScorecard[], period: 'week' | 'month', chosen: string | undefined, choose: (p: string) => void }) {
  const periods = useMemo(() => periodsOf(cards), [cards])
  if (periods.length === 0) return <Empty>No partner is responsible for any ticket, order or survey in this range yet. Scorecards appear once partners have records.</Empty>
  const current = periods.find((p) => p.periodStart === chosen) ?? periods.find((p) => p.periodStart === defaultPeriod(periods)) ?? periods[0]
  if (current === undefined) return null
  return (
    <>
      <label>Showing
        <select value={current.periodStart} onChange={(e) => choose(e.target.value)} data-testid='scorecard-period'>
          {periods.map((p) => <option key={p.periodStart} value={p.periodStart}>{periodLabel(p.periodStart, period)}{p.hasScores ? '' : ' (no scores)'}</option>)}
        </select>
      </label>
      <ScorecardTable cards={current.entries} />
      <ScoreTrend cards={cards} period={period} />
    </>
  )
}

/** The ranked table of one period. */
export function ScorecardTable ({ cards, periodColumn }: { cards: PartnerScorecard[], periodColumn?: 'week' | 'month' }) {
  return (
    <div className='table-wrap' tabIndex={0}>
      <table data-testid='scorecard-table'>
        <caption className='sr-only'>Partner scorecards, best rank first</caption>
        <thead>
          <tr>
            {periodColumn === undefined ? <th scope='col'>Rank</th> : <th scope='col'>Period</th>}
            <th scope='col'>Partner</th><th scope='col'>Score</th><th scope='col'>Trend</th>
            <th scope='col'>NPS</th><th scope='col'>CSAT %</th><th scope='col'>MTTR p50 h</th><th scope='col'>SLA violations</th>
            <th scope='col'>Tickets</th><th scope='col'>Orders fulfilled</th><th scope='col'>Order to activation p50 h</th><th scope='col'>Fallout %</th>
            {periodColumn === undefined ? null : <th scope='col'>Rank</th>}
          </tr>
        </thead>
        <tbody>
          {cards.map((c) => (
            <tr key={c.id} data-partner={c.partner.id}>
              {periodColumn === undefined ? <td>{c.rank ?? '—'}</td> : <td>{periodLabel(c.periodStart, periodColumn)}</td>}
              <th scope='row'><Link to={`/partners/${encodeURIComponent(c.partner.id)}`}>{c.partner.name ?? c.partner.id}</Link></th>
              <td>{formatNumber(c.score, 0)}</td>
              <td className={c.trend === null ? '' : c.trend > 0 ? 'up' : c.trend < 0 ? 'down' : ''}>{formatTrend(c.trend)}</td>
              <td>{formatNumber(c.nps, 1)}</td>
              <td>{formatNumber(c.csat, 1)}</td>
              <td>{formatNumber(c.mttrHours.p50, 1)}</td>
              <td>{c.slaViolations}</td>
              <td>{c.ticketsAttributed}</td>
              <td>{c.ordersFulfilled}</td>
              <td>{formatNumber(c.orderToActivationHours.p50, 1)}</td>
              <td>{formatNumber(c.orderFalloutRate, 1)}</td>
              {periodColumn === undefined ? null : <td>{c.rank ?? '—'}</td>}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}

/** Every partner's score per period (ECharts lines), with the same numbers in a table. */
function ScoreTrend ({ cards, period }: { cards: PartnerScorecard[], period: 'week' | 'month' }) {
  const data = useMemo(() => scoreSeries(cards), [cards])
  const labels = data.periods.map((p) => periodLabel(p, period))
  const option = useMemo<EChartsCoreOption>(() => ({
    grid: { left: 40, right: 16, top: 40, bottom: 32 },
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    xAxis: { type: 'category', data: labels },
    yAxis: { type: 'value', min: 0, max: 100, name: 'score' },
    series: data.partners.map((p) => ({ type: 'line', name: p.name, data: p.scores, connectNulls: false, symbolSize: 8 }))
  }), [data, labels])
  return (
    <figure className='kpi-chart' data-testid='chart-scores' data-chart={JSON.stringify({ periods: labels, partners: data.partners })}>
      <figcaption><h2>Scores over time</h2></figcaption>
      <EChart option={option} label='Partner scores per period' />
      <details>
        <summary>Data table</summary>
        <div className='table-wrap' tabIndex={0}>
          <table>
            <thead><tr><th scope='col'>Partner</th>{labels.map((l) => <th key={l} scope='col'>{l}</th>)}</tr></thead>
            <tbody>{data.partners.map((p) => <tr key={p.id}><th scope='row'>{p.name}</th>{p.scores.map((s, i) => <td key={labels[i]}>{formatNumber(s, 0)}</td>)}</tr>)}</tbody>
          </table>
        </div>
      </details>
    </figure>
  )
}
