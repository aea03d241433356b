import { Link, useParams } from 'react-router'
import { call, type Customer360 } from '../api/apis.ts'
import { Empty, Loaded } from '../components/status.tsx'
import { ExperiencePanel } from '../components/experience-panel.tsx'
import { JourneyTimeline } from '../components/journey-timeline.tsx'
import { useDashboard } from '../context.ts'
import { OPEN_ORDER_STATES, OPEN_TICKET_STATUSES } from '../lib/customers.ts'
import { formatDateTime, formatNumber } from '../lib/format.ts'
import { recordRoute } from '../lib/journey.ts'
import { useLoad } from '../use-load.ts'

/** The Customer 360 of one customer, as the signed-in caller may see it (GET /customer360/{id}). */
export function Customer360Page () {
  const { id = '' } = useParams()
  const { apis } = useDashboard()
  const [load, retry] = useLoad(async () => (await call(apis.customer360.GET('/customer360/{id}', { params: { path: { id } } }))).data, id)
  return (
    <section aria-labelledby='c360-title'>
      <p><Link to='/customers'>← Customers</Link></p>
      <Loaded load={load} what='this customer' retry={retry}>
        {(view) => <View view={view} />}
      </Loaded>
    </section>
  )
}

function partnersOf (view: Customer360): Array<{ id: string, name: string }> {
  const out = new Map<string, string>()
  for (const rp of view.customer.relatedParty ?? []) {
    const party = rp.partyOrPartyRole as { id?: string, name?: string } | undefined
    if (rp.role === 'partner' && typeof party?.id === 'string') out.set(party.id, party.name ?? party.id)
  }
  for (const e of view.journey) if (e.partner !== undefined) out.set(e.partner.id, e.partner.name ?? e.partner.id)
  return [...out].map(([pid, name]) => ({ id: pid, name }))
}

function View ({ view }: { view: Customer360 }) {
  const openTickets = view.troubleTicket.filter((t) => t.status !== undefined && OPEN_TICKET_STATUSES.includes(t.status))
  const partners = partnersOf(view)
  const recoveries = typeof view.experience.openRecoveries === 'number' ? view.experience.openRecoveries : undefined
  const stale = view.dataFreshness.filter((f) => f.status !== 'live')
  return (
    <>
      <h1 id='c360-title' data-testid='c360-name'>{view.customer.name ?? view.id}</h1>
      <p className='muted'>Customer <span className='id'>{view.id}</span> · {view.customer.status ?? 'status unknown'}{partners.length > 0 ? ` · served by ${partners.map((p) => p.name).join(', ')}` : ''}</p>
      {stale.length > 0
        ? <p className='status warning' role='status'>Some sources are not live ({stale.map((s) => `${s.source}: ${s.status}`).join(', ')}): this view may miss their latest changes.</p>
        : null}
      <div className='grid'>
        <ExperiencePanel experience={view.experience} />
        <article className='card' aria-labelledby='tickets-title'>
          <h2 id='tickets-title'>Open tickets <span className='count'>{openTickets.length}</span></h2>
          {openTickets.length === 0
            ? <Empty>No open tickets.</Empty>
            : <ul className='records'>{openTickets.map((t) => <li key={t.id}><Link to={recordRoute(view.id, { id: t.id, '@referredType': 'TroubleTicket' }) ?? ''}>{t.name ?? t.description ?? t.id}</Link> <span className='tag'>{t.status}</span> <span className='muted'>{t.severity} · opened {formatDateTime(t.creationDate)}</span></li>)}</ul>}
        </article>
        <article className='card' aria-labelledby='orders-title'>
          <h2 id='orders-title'>Orders <span className='count'>{view.productOrder.length}</span></h2>
          {view.productOrder.length === 0
            ? <Empty>No product orders.</Empty>
            : <ul className='records'>{view.productOrder.map((o) => <li key={o.id}><Link to={recordRoute(view.id, { id: o.id, '@referredType': 'ProductOrder' }) ?? ''}>{o.description ?? o.id}</Link> <span className={`tag ${o.state !== undefined && OPEN_ORDER_STATES.includes(o.state) ? 'open' : ''}`}>{o.state}</span> <span className='muted'>placed {formatDateTime(o.creationDate)}</span></li>)}</ul>}
        </article>
        <article className='card' aria-labelledby='sla-title'>
          <h2 id='sla-title'>SLA breaches <span className='count'>{view.slaViolation.length}</span></h2>
          {view.slaViolation.length === 0
            ? <Empty>No SLA breaches.</Empty>
            : <ul className='records'>{view.slaViolation.map((v) => <li key={v.id}><Link to={recordRoute(view.id, { id: v.id, '@referredType': 'SlaViolation' }) ?? ''}>{v.sla?.name ?? v.id}</Link> <span className='muted'>{String(v.rule?.metric ?? '')} {formatNumber(v.actualValue)} {v.unit ?? ''} · {formatDateTime(v.date)}{v.partner === undefined ? '' : ` · ${v.partner.name ?? v.partner.id}`}</span></li>)}</ul>}
        </article>
        <article className='card' aria-labelledby='survey-title'>
          <h2 id='survey-title'>Survey answers <span className='count'>{view.surveyResponse.length}</span></h2>
          {view.surveyResponse.length === 0
            ? <Empty>No survey answers.</Empty>
            : <ul className='records'>{view.surveyResponse.map((s) => <li key={s.id}><Link to={recordRoute(view.id, { id: s.id, '@referredType': 'SurveyResponse' }) ?? ''}>{s.survey?.name ?? 'Survey'}</Link> <span className='tag'>{s.status}</span> <span className='muted'>NPS {s.score?.npsValue ?? '—'} · CSAT {s.score?.csat ?? '—'} · CES {s.score?.ces ?? '—'} · {formatDateTime(s.submittedDate ?? s.creationDate)}</span></li>)}</ul>}
        </article>
        <Recoveries count={recoveries} />
      </div>
      <JourneyTimeline customerId={view.id} partners={partners} />
    </>
  )
}

/**
 * Open recoveries (closed loop: complaint tickets opened after a detractor answer, not yet
 * resolved), from `experience.openRecoveries`. A server without the closed loop does not send
 * it, which is an empty state, not an error.
 */
function Recoveries ({ count }: { count: number | undefined }) {
  return (
    <article className='card' aria-labelledby='recovery-title'>
      <h2 id='recovery-title'>Open recoveries <span className='count' data-testid='open-recoveries-count'>{count ?? 0}</span></h2>
      {count === undefined
        ? <Empty testId='empty-recoveries'>No recovery data: this suite does not report service recoveries in the 360.</Empty>
        : count === 0
          ? <Empty testId='empty-recoveries'>No open recoveries.</Empty>
          : <p data-testid='open-recoveries'>{count} complaint{count === 1 ? '' : 's'} opened after a detractor answer {count === 1 ? 'is' : 'are'} not resolved yet (see the open tickets and the journey).</p>}
    </article>
  )
}
