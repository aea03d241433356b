import { Link, useParams } from 'react-router'
import { call, type Apis } from '../api/apis.ts'
import { Failure, Loaded } from '../components/status.tsx'
import { useDashboard } from '../context.ts'
import { formatDateTime } from '../lib/format.ts'
import { isRecordType, kindLabel, type RecordType } from '../lib/journey.ts'
import { useLoad } from '../use-load.ts'

/** Reads one record from its own API with the caller's token (so scope applies: 404 outside it). */
async function fetchRecord (apis: Apis, type: RecordType, id: string): Promise<Record<string, unknown>> {
  const path = { params: { path: { id } } }
  switch (type) {
    case 'Customer': return (await call(apis.customers.GET('/customer/{id}', path))).data
    case 'ProductOrder': return (await call(apis.orders.GET('/productOrder/{id}', path))).data
    case 'TroubleTicket': return (await call(apis.tickets.GET('/troubleTicket/{id}', path))).data
    case 'SlaViolation': return (await call(apis.sla.GET('/slaViolation/{id}', path))).data
    case 'SurveyResponse': return (await call(apis.surveys.GET('/surveyResponse/{id}', path))).data
  }
}

// First-level attributes worth a line of their own; the whole document follows.
const KEY_FIELDS = ['name', 'description', 'status', 'state', 'severity', 'ticketType', 'priority', 'creationDate', 'lastUpdate', 'completionDate', 'submittedDate', 'date']

/** One record of the journey (ticket, order, SLA violation, survey response, customer). */
export function RecordPage () {
  const { id = '', type = '', recordId = '' } = useParams()
  const { apis } = useDashboard()
  const known = isRecordType(type)
  const [load, retry] = useLoad(async () => known ? await fetchRecord(apis, type, recordId) : {}, `${type}/${recordId}`)
  return (
    <section aria-labelledby='record-title'>
      <p><Link to={`/customers/${encodeURIComponent(id)}`}>← Customer 360</Link></p>
      <h1 id='record-title'>{kindLabel(type)} <span className='id'>{recordId}</span></h1>
      {!known
        ? <Failure status={404} message={`unknown record type ${type}`} what='this record' />
        : (
          <Loaded load={load} what='this record' retry={retry}>
            {(doc) => (
              <>
                <dl className='fields'>
                  {KEY_FIELDS.filter((f) => typeof doc[f] === 'string').map((f) => (
                    <div key={f}><dt>{f}</dt><dd>{f.endsWith('Date') || f === 'date' || f === 'lastUpdate' ? formatDateTime(doc[f] as string) : doc[f] as string}</dd></div>
                  ))}
                </dl>
                <details>
                  <summary>Whole record (as the API returns it)</summary>
                  <pre className='json' tabIndex={0}>{JSON.stringify(doc, null, 2)}</pre>
                </details>
              </>
            )}
          </Loaded>
          )}
    </section>
  )
}
