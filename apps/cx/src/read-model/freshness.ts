import type { Queryable } from '@cx/store'
import { SOURCE_SPECS } from '../sources/source-specs.ts'

/** How current the read model is for one source (the 360's `dataFreshness` entries). */
export interface DataFreshness {
  '@type': 'CxDataFreshness'
  source: string
  lastEventTime: string | null
  lagSeconds: number | null
  status: 'live' | 'backfilling' | 'unavailable'
}

interface Row { source: string, last_event_time: string | null, last_lag_seconds: number | null, status: string }

/**
 * Per source: the time of the latest event applied, the delay between that event and its
 * projection (seconds), and whether the source is live, being back-filled, or unreachable (the
 * 360 then still answers from the read model). A source cx has not reached yet is `backfilling`.
 * The event time and lag are recorded at most once a second per source (see inbox.ts), so under a
 * steady stream they trail the newest event by up to a second.
 */
export async function readFreshness (q: Queryable): Promise<DataFreshness[]> {
  const rows = (await q.query<Row>('SELECT source, last_event_time, last_lag_seconds, status FROM cx_source', [], { name: 'cx-freshness' })).rows
  const bySource = new Map(rows.map((r) => [r.source, r]))
  return SOURCE_SPECS.map((s) => {
    const r = bySource.get(s.name)
    const status = r?.status === 'live' || r?.status === 'unavailable' ? r.status : 'backfilling'
    return {
      '@type': 'CxDataFreshness',
      source: s.name,
      lastEventTime: r?.last_event_time === null || r?.last_event_time === undefined ? null : new Date(r.last_event_time).toISOString(),
      lagSeconds: r?.last_lag_seconds === null || r?.last_lag_seconds === undefined ? null : Math.round(Number(r.last_lag_seconds) * 1000) / 1000,
      status
    }
  })
}
