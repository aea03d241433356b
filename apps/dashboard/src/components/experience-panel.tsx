import type { Experience } from '../api/apis.ts'
import { formatNumber } from '../lib/format.ts'

const SIGNALS: Record<string, string> = {
  npsValue: 'Latest NPS answer',
  csatMean: 'Mean CSAT',
  openTickets: 'Open tickets',
  reopenedTickets: 'Reopened tickets',
  mttrHours: 'MTTR (hours)',
  orderToActivationHours: 'Order to activation (hours)',
  slaBreaches: 'SLA breaches'
}

/** The experience index with its explained inputs, and the churn risk with its reasons. */
export function ExperiencePanel ({ experience }: { experience: Experience }) {
  return (
    <article className='card wide' aria-labelledby='experience-title' data-testid='experience'>
      <h2 id='experience-title'>Experience</h2>
      <div className='headline'>
        <p><span className='big' data-testid='experience-index'>{formatNumber(experience.experienceIndex, 0)}</span> <span className='muted'>experience index (0–100, last {experience.windowDays} days)</span></p>
        <p>Churn risk <span className={`risk ${experience.churnRisk}`} data-testid='churn-risk'>{experience.churnRisk}</span></p>
      </div>
      {experience.reasons.length === 0
        ? <p className='muted'>No churn signal scored.</p>
        : <ul className='reasons' aria-label='Churn risk reasons'>{experience.reasons.map((r) => <li key={r}>{r}</li>)}</ul>}
      <div className='table-wrap' tabIndex={0}>
        <table>
          <caption>How the index is computed: each signal's score, weighted over the signals with data</caption>
          <thead><tr><th scope='col'>Signal</th><th scope='col'>Value</th><th scope='col'>Score</th><th scope='col'>Weight</th><th scope='col'>Points</th><th scope='col'>Rule</th></tr></thead>
          <tbody>
            {experience.inputs.map((i) => (
              <tr key={i.name} className={i.weight === 0 ? 'muted' : ''}>
                <th scope='row'>{SIGNALS[i.name] ?? i.name}</th>
                <td>{formatNumber(i.value, 2)}</td>
                <td>{formatNumber(i.score, 0)}</td>
                <td>{formatNumber(i.weight, 3)}</td>
                <td>{formatNumber(i.contribution, 1)}</td>
                <td>{i.rule}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </article>
  )
}
