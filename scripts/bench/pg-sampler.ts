import type pg from 'pg'

/**
 * A sampling profiler for PostgreSQL: every `everyMs` it reads pg_stat_activity for the active
 * backends of one database and counts (application, statement, wait event). The share of samples
 * shows which statements hold the database's time, and whether they run (wait event null: CPU) or
 * wait (I/O, locks, WAL flush at commit).
 */
export class PgSampler {
  private readonly counts = new Map<string, number>()
  private samples = 0
  private timer: NodeJS.Timeout | undefined
  private busy = false

  constructor (private readonly client: pg.Client, private readonly database: string, private readonly everyMs = 25) {}

  start (): void {
    this.counts.clear()
    this.samples = 0
    this.timer = setInterval(() => { this.sample().catch(() => {}) }, this.everyMs)
  }

  private async sample (): Promise<void> {
    if (this.busy) return
    this.busy = true
    try {
      const res = await this.client.query<{ app: string, query: string, wait: string | null }>(
        `SELECT application_name AS app, left(regexp_replace(query, '\\s+', ' ', 'g'), 90) AS query,
           CASE WHEN wait_event IS NULL THEN NULL ELSE wait_event_type || ':' || wait_event END AS wait
         FROM pg_stat_activity WHERE datname = $1 AND state = 'active' AND pid <> pg_backend_pid()`, [this.database])
      this.samples++
      for (const r of res.rows) {
        const key = `${r.app.replace(/^bench-cxb_/, '')} · ${r.wait ?? 'CPU'} · ${r.query}`
        this.counts.set(key, (this.counts.get(key) ?? 0) + 1)
      }
    } catch {
      // A sample lost is not a result lost.
    } finally {
      this.busy = false
    }
  }

  /**
   * Stops; returns the top entries as "average active backends" (samples seen / samples taken),
   * and the totals per application split into running (CPU) and waiting.
   */
  stop (top = 8): { top: Array<{ key: string, active: number }>, byApp: Array<{ app: string, running: number, waiting: number }> } {
    if (this.timer !== undefined) clearInterval(this.timer)
    const n = Math.max(1, this.samples)
    const apps = new Map<string, { running: number, waiting: number }>()
    for (const [key, c] of this.counts) {
      const [app = '', wait = ''] = key.split(' · ')
      const a = apps.get(app) ?? { running: 0, waiting: 0 }
      if (wait === 'CPU') a.running += c / n
      else a.waiting += c / n
      apps.set(app, a)
    }
    return {
      top: [...this.counts].sort((a, b) => b[1] - a[1]).slice(0, top).map(([key, c]) => ({ key, active: c / n })),
      byApp: [...apps].map(([app, a]) => ({ app: app === '' ? 'bench' : app, ...a })).sort((a, b) => b.running + b.waiting - a.running - a.waiting)
    }
  }
}
