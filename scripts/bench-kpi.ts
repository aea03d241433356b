/**
 * `pnpm bench:kpi`: cxAnalytics (KPI series and partner scorecards) on PostgreSQL, against the
 * issue's targets. It
 *
 * 1. creates the database `cx_bench_kpi` (dropped again at the end), one schema per service;
 * 2. starts the five resource services and cx in production mode, each from its own server.ts;
 * 3. loads the Customer 360 bench dataset (10k customers, 100k orders, 100k tickets, 50k survey
 *    responses, 20 partners; bench/cx-seed.ts) spread over the last 365 days, each clone with its
 *    own durations, and waits for cx's back-fill;
 * 4. asks, one request at a time, for the weekly series of every KPI over the last 12 months and
 *    for the partner scorecards of the last 12 months (every partner, one page), and reports the
 *    latency percentiles;
 * 5. prints a Markdown table and the machine line.
 *
 * Knobs: BENCH_ADMIN_URL, BENCH_CUSTOMERS, BENCH_ORDERS, BENCH_TICKETS, BENCH_RESPONSES,
 * BENCH_PARTNERS, BENCH_KPI_ROUNDS (requests per scenario, default 100), BENCH_START_TIMEOUT_S (how
 * long a service may take to answer /health, default 120), BENCH_REDIS_URL ('off':
 * in-process delivery), BENCH_TIMEOUT_MINUTES, BENCH_KEEP=1 (leave the database for EXPLAIN).
 */
import os from 'node:os'
import pg from 'pg'
import { authConfigFromEnv, devIssueToken } from '@cx/auth'
import { schemaOf, SERVICES, startCx, startSources, stop, type Running, type SourceName } from './bench/cx-stack.ts'
import { seedCxBase, type Api } from './bench/cx-seed.ts'

const env = process.env
const num = (name: string, fallback: number): number => {
  const v = env[name]
  if (v === undefined || v === '') return fallback
  const n = Number(v)
  if (!Number.isFinite(n) || n < 0) throw new Error(`${name} must be a non-negative number, got ${v}`)
  return n
}
const ADMIN_URL = env.BENCH_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres'
const DB = 'cx_bench_kpi'
const SIZES = {
  customers: num('BENCH_CUSTOMERS', 10_000),
  orders: num('BENCH_ORDERS', 100_000),
  tickets: num('BENCH_TICKETS', 100_000),
  responses: num('BENCH_RESPONSES', 50_000),
  partners: num('BENCH_PARTNERS', 20),
  spanDays: 365,
  varyDurations: true
}
const ROUNDS = Math.max(1, num('BENCH_KPI_ROUNDS', 100))
const REDIS_URL = env.BENCH_REDIS_URL === 'off' ? undefined : env.BENCH_REDIS_URL ?? env.REDIS_URL ?? 'redis://127.0.0.1:6379'
const TIMEOUT_MS = num('BENCH_TIMEOUT_MINUTES', 60) * 60_000
const TARGET_MS = 100
const SECRET = 'bench-kpi-secret-0123456789abcdef0123456789'
const HUB_SECRET = 'bench-kpi-hub-secret-0123456789'
const ANALYTICS = '/tmf-api/cxAnalytics/v1'

const log = (s: string): void => { process.stderr.write(`${s}\n`) }
const dbUrl = ADMIN_URL.replace(/\/[^/]*$/, `/${DB}`)
const loadAverage = os.loadavg().map((x) => x.toFixed(1)).join(' ')

async function withAdmin (fn: (c: pg.Client) => Promise<void>): Promise<void> {
  const admin = new pg.Client({ connectionString: ADMIN_URL })
  await admin.connect()
  try { await fn(admin) } finally { await admin.end() }
}

/** The value at quantile `q` (0–1) of ascending `sorted` (nearest rank). */
const quantile = (sorted: number[], q: number): number => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? Number.NaN

await withAdmin(async (admin) => {
  await admin.query(`DROP DATABASE IF EXISTS ${DB} WITH (FORCE)`)
  await admin.query(`CREATE DATABASE ${DB}`)
})
const db = new pg.Client({ connectionString: dbUrl })
await db.connect()
for (const name of [...SERVICES.map((s) => s.name), 'cx']) await db.query(`CREATE SCHEMA ${schemaOf(name)}`)

const auth = { ...authConfigFromEnv({ AUTH_JWT_SECRET: SECRET }, 'production'), devTokenTtlSeconds: 6 * 3600 }
const token = await devIssueToken(auth, 'operator')
const stackOpts = { databaseUrl: dbUrl, redisUrl: REDIS_URL, jwtSecret: SECRET, hubSecret: HUB_SECRET, cxToken: token, cxPool: 10, profileDir: undefined, log }
const running: Running[] = []

let cleaning: Promise<void> | undefined
const cleanup = async (): Promise<void> => { cleaning ??= stopEverything(); await cleaning }
const stopEverything = async (): Promise<void> => {
  for (const r of [...running].reverse()) await stop(r).catch(() => {})
  await db.end().catch(() => {})
  if (env.BENCH_KEEP === '1') { log(`BENCH_KEEP=1: the database ${DB} stays for inspection (drop it when done)`); return }
  await withAdmin(async (admin) => { await admin.query(`DROP DATABASE IF EXISTS ${DB} WITH (FORCE)`) }).catch((err: unknown) => log(`could not drop ${DB}: ${String(err)}`))
}
const watchdog = setTimeout(() => {
  log(`bench:kpi did not finish within ${TIMEOUT_MS / 60_000} minutes; stopping`)
  cleanup().finally(() => process.exit(2))
}, TIMEOUT_MS)
watchdog.unref()
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => { cleanup().finally(() => process.exit(130)) })

const fmt = (n: number, digits = 0): string => (Number.isFinite(n) ? n.toFixed(digits) : '–')

try {
  log(`starting the resource services (production mode, ${REDIS_URL === undefined ? 'in-process delivery' : 'Redis delivery'})…`)
  const sources = await startSources(stackOpts)
  running.push(...sources)
  const urlOf = (s: SourceName): string => sources.find((r) => r.name === s)?.url ?? ''
  const api: Api = {
    async call (source, method, path, body) {
      const res = await fetch(`${urlOf(source)}${path}`, {
        method,
        headers: { authorization: `Bearer ${token}`, 'content-type': method === 'PATCH' ? 'application/merge-patch+json' : 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) })
      })
      const text = await res.text()
      if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text.slice(0, 300)}`)
      return JSON.parse(text) as Record<string, unknown> & { id: string }
    }
  }
  log(`loading ${SIZES.customers} customers, ${SIZES.orders} orders, ${SIZES.tickets} tickets, ${SIZES.responses} survey responses over ${SIZES.spanDays} days…`)
  await seedCxBase(api, db, sources, SIZES, log)

  log('starting cx; waiting for its back-fill…')
  let t = performance.now()
  const cx = await startCx(stackOpts, sources)
  running.push(cx)
  const live = async (): Promise<number> => Number((await db.query<{ n: string }>(`SELECT count(*) AS n FROM ${schemaOf('cx')}.cx_source WHERE status = 'live'`).catch(() => ({ rows: [{ n: '0' }] }))).rows[0]?.n)
  while (await live() < SERVICES.length) {
    if (cx.child.exitCode !== null) throw new Error('cx exited during the back-fill')
    await new Promise((resolve) => setTimeout(resolve, 500))
  }
  log(`back-fill: ${((performance.now() - t) / 1000).toFixed(0)} s`)
  // What autovacuum does after a bulk load (visibility map for index-only scans, statistics).
  t = performance.now()
  await db.query(`VACUUM (ANALYZE) ${schemaOf('cx')}.cx_fact`)
  const facts = await db.query<{ kind: string, n: string, first: Date, last: Date }>(`SELECT kind, count(*) AS n, min(at) AS first, max(at) AS last FROM ${schemaOf('cx')}.cx_fact GROUP BY kind ORDER BY kind`)
  const factText = facts.rows.map((r) => `${r.kind} ${r.n}`).join(', ')
  const first = facts.rows.reduce((m, r) => Math.min(m, r.first.getTime()), Infinity)
  log(`facts: ${factText}; VACUUM ANALYZE ${((performance.now() - t) / 1000).toFixed(1)} s`)

  const headers = { authorization: `Bearer ${token}` }
  const today = new Date()
  const to = today.toISOString().slice(0, 10)
  const yearAgo = new Date(today.getTime() - 364 * 86_400_000).toISOString().slice(0, 10)
  const monthStart = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth() - 11, 1)).toISOString().slice(0, 10)
  const rows: string[] = []
  const time = async (name: string, path: string, check: (body: unknown) => string): Promise<void> => {
    const ms: number[] = []
    let shape = ''
    // One warm-up request (connections, prepared plans, the tz probe), then sequential rounds.
    for (let i = 0; i <= ROUNDS; i++) {
      const start = performance.now()
      const res = await fetch(`${cx.url}${path}`, { headers })
      const body = await res.json() as unknown
      const elapsed = performance.now() - start
      if (res.status !== 200) throw new Error(`${path}: ${res.status} ${JSON.stringify(body).slice(0, 300)}`)
      if (i === 0) shape = check(body)
      else ms.push(elapsed)
    }
    ms.sort((a, b) => a - b)
    const p99 = quantile(ms, 0.99)
    rows.push(`| ${name} (${shape}) | ${fmt(quantile(ms, 0.5), 1)} | ${fmt(p99, 1)} | p99 < ${TARGET_MS} ms | ${p99 < TARGET_MS ? 'met' : 'missed'} |`)
    log(`${name}: p50 ${fmt(quantile(ms, 0.5), 1)} ms, p99 ${fmt(p99, 1)} ms`)
  }
  const kpis = await (await fetch(`${cx.url}${ANALYTICS}/kpi?limit=100`, { headers })).json() as Array<{ name: string }>
  for (const { name } of kpis) {
    await time(`GET kpi/${name}, weekly, 12 months`, `${ANALYTICS}/kpi/${name}?period=week&from=${yearAgo}&to=${to}`, (body) => {
      const series = (body as { series: Array<{ sampleSize: number }> }).series
      return `${series.length} weeks, ${series.reduce((n, p) => n + p.sampleSize, 0)} samples`
    })
  }
  await time('GET partnerScorecard, monthly, 12 months, every partner', `${ANALYTICS}/partnerScorecard?period=month&from=${monthStart}&to=${to}&limit=1000`, (body) => {
    const cards = body as Array<{ partner: { id: string }, score: number | null }>
    return `${new Set(cards.map((c) => c.partner.id)).size} partners × ${cards.length / Math.max(1, new Set(cards.map((c) => c.partner.id)).size)} months, ${cards.filter((c) => c.score !== null).length} scored`
  })

  const pgVersion = (await db.query<{ v: string }>("SELECT current_setting('server_version') AS v")).rows[0]?.v ?? '?'
  const cpuModel = os.cpus()[0]?.model ?? 'unknown CPU'
  process.stdout.write([
    '',
    `Machine: ${os.cpus().length} cores (${cpuModel.trim()}), ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, PostgreSQL ${pgVersion} local; load average ${loadAverage} at start; ${SIZES.customers} customers, ${SIZES.orders} orders, ${SIZES.tickets} tickets, ${SIZES.responses} survey responses, ${SIZES.partners} partners over ${SIZES.spanDays} days (facts from ${new Date(first).toISOString().slice(0, 10)}: ${factText}); ${ROUNDS} sequential requests per row after one warm-up, operator token`,
    '',
    '| KPI / scorecard | p50 ms | p99 ms | target | result |',
    '|---|---|---|---|---|',
    ...rows,
    ''
  ].join('\n'))
} finally {
  await cleanup()
  clearTimeout(watchdog)
}
