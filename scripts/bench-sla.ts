/**
 * `pnpm bench:sla`: SLA policing at scale on PostgreSQL. It
 *
 * 1. creates the database `cx_bench_sla` (dropped at the end) and builds the SLA service in
 *    production mode with its watcher (BullMQ deadline jobs on Redis, or the in-process timer with
 *    BENCH_REDIS_URL=off) on the real clock;
 * 2. activates BENCH_SLAS SLAs (default 20) of one partner, each with a time-to-acknowledge rule;
 * 3. applies BENCH_TICKETS open tickets (default 10k) of that partner, as the hub listener would,
 *    created so that every clock's deadline falls within the next BENCH_SPREAD_S seconds (default
 *    600) after a lead of BENCH_LEAD_S (default 60) — each ticket is watched by every SLA;
 * 4. waits until every clock has breached and reports, per violation, how late it was raised
 *    (violation creationDate − date, where date is the clock's deadline), the jeopardy alerts, and
 *    the process's memory (RSS and heap sampled every second);
 * 5. prints a Markdown table (target: p99 lateness ≤ 1 s, memory bounded).
 *
 * Knobs: BENCH_ADMIN_URL, BENCH_TICKETS, BENCH_SLAS, BENCH_SPREAD_S, BENCH_LEAD_S, BENCH_REDIS_URL
 * ('off': the timer), BENCH_TIMEOUT_MINUTES.
 */
import os from 'node:os'
import pg from 'pg'
import { authConfigFromEnv } from '@cx/auth'
import { deliveryConfigFromEnv } from '@cx/events'
import { buildApp } from '@cx/sla'

const env = process.env
const num = (name: string, fallback: number): number => {
  const v = env[name]
  if (v === undefined || v === '') return fallback
  const n = Number(v)
  if (!Number.isFinite(n) || n < 0) throw new Error(`${name} must be a non-negative number, got ${v}`)
  return n
}
const ADMIN_URL = env.BENCH_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres'
const DB = 'cx_bench_sla'
const TICKETS = num('BENCH_TICKETS', 10_000)
const SLAS = num('BENCH_SLAS', 20)
const SPREAD_S = num('BENCH_SPREAD_S', 600)
const LEAD_S = num('BENCH_LEAD_S', 60)
const REDIS_URL = env.BENCH_REDIS_URL === 'off' ? undefined : env.BENCH_REDIS_URL ?? env.REDIS_URL ?? 'redis://127.0.0.1:6379'
const TIMEOUT_MS = num('BENCH_TIMEOUT_MINUTES', 30) * 60_000
const ALLOWED_S = LEAD_S + SPREAD_S
const PAGE = 500

const log = (s: string): void => { process.stderr.write(`${s}\n`) }
const dbUrl = ADMIN_URL.replace(/\/[^/]*$/, `/${DB}`)

async function admin (sql: string): Promise<void> {
  const c = new pg.Client({ connectionString: ADMIN_URL })
  await c.connect()
  try { await c.query(sql) } finally { await c.end() }
}

const pct = (sorted: number[], p: number): number => sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.ceil(p / 100 * sorted.length) - 1)] ?? NaN
const mb = (b: number): string => (b / 1048576).toFixed(0)

await admin(`DROP DATABASE IF EXISTS ${DB} WITH (FORCE)`)
await admin(`CREATE DATABASE ${DB}`)
const mode = 'production' as const
const auth = authConfigFromEnv({ AUTH_JWT_SECRET: 'bench-sla-secret-0123456789abcdef0123456789' }, mode)
const app = await buildApp({
  mode,
  db: { databaseUrl: dbUrl, maxConnections: 10 },
  redisUrl: REDIS_URL,
  auth,
  delivery: deliveryConfigFromEnv({}, mode),
  logger: { level: 'warn' },
  watch: { hubSecret: 'bench-sla-hub-secret-0123456789', token: 'unused', sync: false }
})
const memory = { rss: 0, heap: 0 }
const sampler = setInterval(() => {
  const m = process.memoryUsage()
  memory.rss = Math.max(memory.rss, m.rss)
  memory.heap = Math.max(memory.heap, m.heapUsed)
}, 1000)
let failed = false
try {
  await app.ready()
  const watcher = app.slaWatcher
  if (watcher === undefined) throw new Error('the watcher did not start')
  // The SLAs, straight into the service's table as the operator would leave them (active).
  const now = new Date().toISOString()
  await app.db.transaction(async (tx) => {
    for (let i = 0; i < SLAS; i++) {
      const id = `bench-sla-${i}`
      const doc = {
        id,
        href: `/tmf-api/slaManagement/v4/sla/${id}`,
        '@type': 'Sla',
        name: `bench SLA ${i}`,
        state: 'active',
        stateChangeDate: now,
        stateChangeHistory: [{ '@type': 'StateChange', state: 'active', stateChangeDate: now }],
        creationDate: now,
        lastUpdate: now,
        relatedParty: [{ '@type': 'RelatedPartyRefOrPartyRoleRef', role: 'SLAProvider', partyOrPartyRole: { '@type': 'PartyRoleRef', id: 'bench-partner' } }],
        rule: [{ '@type': 'SlaRule', id: 'tta', metric: 'timeToAcknowledge', unit: 'seconds', operator: '.lt', referenceValue: ALLOWED_S, consequence: { penalty: { unit: 'EUR', value: 10 } } }]
      }
      await tx.query('INSERT INTO sla (id, doc, parties) VALUES ($1, $2, $3)', [id, doc, ['bench-partner']])
    }
  })
  await watcher.attachSlas()
  // Tickets created so that their deadlines (creation + ALLOWED_S) spread over [now+LEAD, now+LEAD+SPREAD].
  const t0 = Date.now()
  const applyStart = performance.now()
  for (let i = 0; i < TICKETS; i += PAGE) {
    const docs = []
    for (let j = i; j < Math.min(TICKETS, i + PAGE); j++) {
      const created = new Date(t0 - SPREAD_S * 1000 + Math.floor((j / Math.max(1, TICKETS)) * SPREAD_S * 1000)).toISOString()
      docs.push({
        id: `bench-tt-${j}`,
        '@type': 'TroubleTicket',
        creationDate: created,
        lastUpdate: created,
        status: 'acknowledged',
        statusChangeHistory: [{ status: 'acknowledged', statusChangeDate: created }],
        ticketType: 'Incident',
        severity: 'Major',
        relatedParty: [{ role: 'partner', partyOrPartyRole: { id: 'bench-partner' } }, { role: 'customer', partyOrPartyRole: { id: `cust-${j % 1000}` } }]
      })
    }
    await watcher.applyPage('TroubleTicket', docs)
  }
  const applySeconds = (performance.now() - applyStart) / 1000
  const appliedAt = new Date().toISOString()
  const clocks = TICKETS * SLAS
  log(`applied ${TICKETS} tickets (${clocks} clocks) in ${applySeconds.toFixed(1)} s; waiting for the deadlines…`)
  const deadlineEnd = t0 + (LEAD_S + 5) * 1000 + TIMEOUT_MS
  for (;;) {
    const n = Number((await app.db.query<{ n: string }>('SELECT count(*) AS n FROM sla_violation')).rows[0]?.n ?? 0)
    if (n >= clocks) break
    if (Date.now() > deadlineEnd) throw new Error(`timed out with ${n} of ${clocks} violations`)
    await new Promise((resolve) => setTimeout(resolve, 2000))
  }
  // Deadlines that fell while the tickets were still being applied are not the scheduler's to
  // meet (raise BENCH_LEAD_S above the apply time); they are counted apart.
  const late = (await app.db.query<{ ms: number }>("SELECT extract(epoch FROM ((doc->>'creationDate')::timestamptz - (doc->>'date')::timestamptz)) * 1000 AS ms FROM sla_violation WHERE (doc->>'date')::timestamptz >= $1::timestamptz", [appliedAt])).rows.map((r) => Number(r.ms)).sort((a, b) => a - b)
  const duringApply = clocks - late.length
  const jeopardy = Number((await app.db.query<{ n: string }>("SELECT count(*) AS n FROM sla_clock WHERE doc ? 'jeopardy'")).rows[0]?.n ?? 0)
  const p99 = pct(late, 99)
  console.log('\n| tickets | SLAs | clocks | deadlines measured | fired during the load | jeopardy alerts | lateness p50 | p95 | p99 | max | apply | peak RSS | peak heap | scheduler |')
  console.log('|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|')
  console.log(`| ${TICKETS} | ${SLAS} | ${clocks} | ${late.length} | ${duringApply} | ${jeopardy} | ${pct(late, 50).toFixed(0)} ms | ${pct(late, 95).toFixed(0)} ms | ${p99.toFixed(0)} ms | ${(late[late.length - 1] ?? NaN).toFixed(0)} ms | ${(TICKETS / applySeconds).toFixed(0)} tickets/s | ${mb(memory.rss)} MB | ${mb(memory.heap)} MB | ${REDIS_URL === undefined ? 'timer' : 'BullMQ'} |`)
  console.log(`\n${os.cpus().length} CPUs, load ${os.loadavg().map((x) => x.toFixed(1)).join(' ')}; target p99 ≤ 1000 ms: ${p99 <= 1000 ? 'met' : 'NOT met'}`)
} catch (err) {
  failed = true
  log(String((err as Error).stack ?? err))
} finally {
  clearInterval(sampler)
  await app.close()
  await admin(`DROP DATABASE IF EXISTS ${DB} WITH (FORCE)`)
}
if (failed) process.exit(1)
