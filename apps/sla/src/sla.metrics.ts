import type { MetricsRegistrar } from '@cx/engine'
import type { Db } from '@cx/store'
import { SLA_CLOCK_STATES } from './sla-clock.resource.ts'

/**
 * The SLA policing gauges of `/metrics` (issue 13, "SLA clocks running and deadlines missed"),
 * computed at each scrape from the watcher's own tables:
 *
 * - `cx_sla_clocks{state}`: SlaClock documents by state (running, paused, stopped, breached);
 * - `cx_sla_deadlines_overdue`: clock deadlines (sla_deadline: each running clock's next breach
 *   or jeopardy warning) whose time has come but that have not fired yet, i.e. breaches not yet
 *   detected or warnings not yet raised; a healthy watcher keeps it at 0 (it fires within about a
 *   second, `pnpm --filter @cx/scripts bench:sla`);
 * - `cx_sla_deadline_overdue_seconds`: how late the most overdue of them is (0 when none).
 *
 * "Due" is judged by the service clock `now` (the same clock the watcher fires by). One indexed
 * query per scrape each (the two overdue gauges share theirs, on sla_deadline_due; the clock count
 * reads the document table's state).
 */
export function slaMetrics (now: () => Date): (m: MetricsRegistrar, db: Db) => void {
  return (m, db) => {
    m.gauge('cx_sla_clocks', 'SLA clocks (SlaClock) by state: running, paused, stopped, breached', ['state'], async () => {
      const rows = (await db.query<{ state: string, n: string }>("SELECT doc->>'state' AS state, count(*) AS n FROM sla_clock GROUP BY 1")).rows
      const counts = new Map(rows.map((r) => [r.state, Number(r.n)]))
      return SLA_CLOCK_STATES.map((state) => ({ labels: { state }, value: counts.get(state) ?? 0 }))
    })
    const query = async (): Promise<{ count: number, maxSeconds: number }> => {
      const at = now()
      const row = (await db.query<{ n: string, oldest: Date | null }>('SELECT count(*) AS n, min(due_at) AS oldest FROM sla_deadline WHERE due_at <= $1', [at])).rows[0]
      const oldest = row?.oldest === null || row?.oldest === undefined ? undefined : new Date(row.oldest)
      return { count: Number(row?.n ?? 0), maxSeconds: oldest === undefined ? 0 : Math.max(0, (at.getTime() - oldest.getTime()) / 1000) }
    }
    // Both overdue gauges come from one query: a scrape collects them together and shares it.
    let inFlight: Promise<{ count: number, maxSeconds: number }> | undefined
    const overdue = async (): Promise<{ count: number, maxSeconds: number }> => {
      inFlight ??= query().finally(() => { inFlight = undefined })
      return await inFlight
    }
    m.gauge('cx_sla_deadlines_overdue', 'SLA clock deadlines (breach or jeopardy warning) whose time has come but that have not fired yet', [], async () => [{ value: (await overdue()).count }])
    m.gauge('cx_sla_deadline_overdue_seconds', 'How late the most overdue SLA deadline is, in seconds (0 when none)', [], async () => [{ value: (await overdue()).maxSeconds }])
  }
}
