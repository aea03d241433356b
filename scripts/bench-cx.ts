/**
 * `pnpm bench:cx`: the cx composition service (TMF717 Customer 360 and the journey) on
 * PostgreSQL, against the issue's targets. It
 *
 * 1. creates the database `cx_bench_cx` (dropped again at the end), one schema per service;
 * 2. starts the five resource services and cx in production mode (HS256 auth, Redis delivery),
 *    each from its own server.ts in its own process;
 * 3. loads 10k customers, 100k orders, 100k tickets and 50k survey responses into the sources
 *    (bulk SQL clones of documents the APIs stored), then starts cx and times its back-fill
 *    through the list APIs;
 * 4. runs autocannon against GET customer360/{id} and the journey list of random customers;
 * 5. writes 500 changes/s for 60 s through the resource APIs and measures how long each takes
 *    to reach cx's read model;
 * 6. prints a Markdown table and the machine line.
 *
 * Knobs: BENCH_ADMIN_URL, BENCH_CUSTOMERS, BENCH_ORDERS, BENCH_TICKETS, BENCH_RESPONSES,
 * BENCH_PARTNERS, BENCH_SECONDS (autocannon duration per scenario), BENCH_CONNECTIONS,
 * BENCH_LAG_RATE, BENCH_LAG_SECONDS, BENCH_REDIS_URL ('off': in-process delivery), BENCH_PROFILE
 * (a directory: CPU profiles of cx and the trouble-ticket service), BENCH_PG_SAMPLE_MS (how often
 * pg_stat_activity is sampled to say which statements hold the database; 0: never),
 * BENCH_TIMEOUT_MINUTES, BENCH_KEEP=1 (leave the database for EXPLAIN; the next run drops it).
 */
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import pg from 'pg'
import { authConfigFromEnv, devIssueToken } from '@cx/auth'
import { runLoad, type LoadResult } from './bench/autocannon-run.ts'
import { schemaOf, SERVICES, startCx, startSources, stop, type Running, type SourceName } from './bench/cx-stack.ts'
import { seedCxBase, type Api } from './bench/cx-seed.ts'
import { measureLag, type LagResult } from './bench/cx-lag.ts'
import { CpuMeter } from './bench/proc-cpu.ts'
import { PgSampler } from './bench/pg-sampler.ts'

const env = process.env
const num = (name: string, fallback: number): number => {
  const v = env[name]
  if (v === undefined || v === '') return fallback
  const n = Number(v)
  if (!Number.isFinite(n) || n < 0) throw new Error(`${name} must be a non-negative number, got ${v}`)
  return n
}
const ADMIN_URL = env.BENCH_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres'
const DB = 'cx_bench_cx'
const SIZES = { customers: num('BENCH_CUSTOMERS', 10_000), orders: num('BENCH_ORDERS', 100_000), tickets: num('BENCH_TICKETS', 100_000), responses: num('BENCH_RESPONSES', 50_000), partners: num('BENCH_PARTNERS', 20) }
const SECONDS = num('BENCH_SECONDS', 20)
const CONNECTIONS = num('BENCH_CONNECTIONS', 50)
const LAG_RATE = num('BENCH_LAG_RATE', 500)
const LAG_SECONDS = num('BENCH_LAG_SECONDS', 60)
const REDIS_URL = env.BENCH_REDIS_URL === 'off' ? undefined : env.BENCH_REDIS_URL ?? env.REDIS_URL ?? 'redis://127.0.0.1:6379'
const TIMEOUT_MS = num('BENCH_TIMEOUT_MINUTES', 90) * 60_000
const PG_SAMPLE_MS = num('BENCH_PG_SAMPLE_MS', 50)
const SECRET = 'bench-cx-secret-0123456789abcdef0123456789'
const HUB_SECRET = 'bench-cx-hub-secret-0123456789'

const log = (s: string): void => { process.stderr.write(`${s}\n`) }
const rows: string[] = []
const notes: string[] = []
const dbUrl = ADMIN_URL.replace(/\/[^/]*$/, `/${DB}`)
const loadAverage = os.loadavg().map((x) => x.toFixed(1)).join(' ')

async function withAdmin (fn: (c: pg.Client) => Promise<void>): Promise<void> {
  const admin = new pg.Client({ connectionString: ADMIN_URL })
  await admin.connect()
  try { await fn(admin) } finally { await admin.end() }
}

await withAdmin(async (admin) => {
  await admin.query(`DROP DATABASE IF EXISTS ${DB} WITH (FORCE)`)
  await admin.query(`CREATE DATABASE ${DB}`)
})
const db = new pg.Client({ connectionString: dbUrl })
await db.connect()
const samplerDb = new pg.Client({ connectionString: dbUrl, application_name: 'bench-sampler' })
await samplerDb.connect()
const sampler = new PgSampler(samplerDb, DB, PG_SAMPLE_MS || 50)
const sampling = (): void => { if (PG_SAMPLE_MS > 0) sampler.start() }
const sampled = (what: string): void => {
  if (PG_SAMPLE_MS === 0) return
  const { top, byApp } = sampler.stop(6)
  if (top.length > 0) {
    notes.push(`${what}, PostgreSQL (average active backends, from pg_stat_activity every ${PG_SAMPLE_MS} ms) per service, running/waiting: ${byApp.map((a) => `${a.app} ${a.running.toFixed(2)}/${a.waiting.toFixed(2)}`).join(', ')}; top statements: ${top.map((t) => `${t.active.toFixed(2)} ${t.key}`).join('; ')}.`)
  }
}
for (const name of [...SERVICES.map((s) => s.name), 'cx']) await db.query(`CREATE SCHEMA ${schemaOf(name)}`)

const auth = { ...authConfigFromEnv({ AUTH_JWT_SECRET: SECRET }, 'production'), devTokenTtlSeconds: 6 * 3600 }
const token = await devIssueToken(auth, 'operator')
const stackOpts = { databaseUrl: dbUrl, redisUrl: REDIS_URL, jwtSecret: SECRET, hubSecret: HUB_SECRET, cxToken: token, cxPool: num('BENCH_CX_POOL', 10), profileDir: env.BENCH_PROFILE, log }
const running: Running[] = []
let cxDb: pg.Client | undefined

// Bounded: whatever happens, the processes stop and the database goes (once, however often asked).
let cleaning: Promise<void> | undefined
const cleanup = async (): Promise<void> => { cleaning ??= stopEverything(); await cleaning }
const stopEverything = async (): Promise<void> => {
  for (const r of [...running].reverse()) await stop(r).catch(() => {})
  sampler.stop()
  await cxDb?.end().catch(() => {})
  await samplerDb.end().catch(() => {})
  await db.end().catch(() => {})
  if (env.BENCH_KEEP === '1') { log(`BENCH_KEEP=1: the database ${DB} stays for inspection (drop it when done)`); return }
  await withAdmin(async (admin) => { await admin.query(`DROP DATABASE IF EXISTS ${DB} WITH (FORCE)`) }).catch((err: unknown) => log(`could not drop ${DB}: ${String(err)}`))
}
const watchdog = setTimeout(() => {
  log(`bench:cx did not finish within ${TIMEOUT_MS / 60_000} minutes; stopping`)
  cleanup().finally(() => process.exit(2))
}, TIMEOUT_MS)
watchdog.unref()
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => { cleanup().finally(() => process.exit(130)) })

const fmt = (n: number, digits = 0): string => (Number.isFinite(n) ? n.toFixed(digits) : '–')
const verdict = (ok: boolean): string => (ok ? 'met' : 'missed')

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

  let t = performance.now()
  log(`loading ${SIZES.customers} customers, ${SIZES.orders} orders, ${SIZES.tickets} tickets, ${SIZES.responses} survey responses…`)
  const seeded = await seedCxBase(api, db, sources, SIZES, log)
  log(`loaded in ${((performance.now() - t) / 1000).toFixed(0)} s`)

  // Back-fill: cx starts on an empty read model and pages through every list API.
  log('starting cx; timing its back-fill…')
  t = performance.now()
  const cx = await startCx(stackOpts, sources)
  running.push(cx)
  cxDb = new pg.Client({ connectionString: dbUrl, options: `-c search_path=${cx.schema}` })
  await cxDb.connect()
  // PostgreSQL's share: the backends of the bench database (pools keep them for the whole run).
  let backends: number[] = []
  const refreshBackends = async (): Promise<void> => {
    backends = (await db.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [DB])).rows.map((r) => r.pid)
  }
  const pids = (): Map<string, number[]> => new Map([
    ['cx', [cx.child.pid ?? 0]],
    ['sources', sources.map((s) => s.child.pid ?? 0)],
    ['postgres', backends],
    ['bench', [process.pid]]
  ])
  const meter = new CpuMeter(pids)
  await refreshBackends()
  meter.mark()
  sampling()
  const versions = SIZES.customers + SIZES.orders + SIZES.tickets + SIZES.responses
  for (;;) {
    const live = await cxDb.query<{ n: string }>("SELECT count(*) AS n FROM cx_source WHERE status = 'live'").catch(() => ({ rows: [{ n: '0' }] }))
    if (Number(live.rows[0]?.n) === SERVICES.length) break
    if (cx.child.exitCode !== null) throw new Error('cx exited during the back-fill')
    await new Promise((resolve) => setTimeout(resolve, 500))
  }
  const backfillSeconds = (performance.now() - t) / 1000
  const backfillCpu = meter.since()
  sampled('Back-fill')
  const counts = await cxDb.query<{ kind: string, n: string }>('SELECT kind, count(*) AS n FROM cx_entity GROUP BY kind ORDER BY kind')
  const views = await cxDb.query<{ operator: string, partner: string, journey: string, bytes: string }>(
    "SELECT count(*) FILTER (WHERE viewer = '*operator') AS operator, count(*) FILTER (WHERE viewer <> '*operator') AS partner, (SELECT count(*) FROM cx_journey) AS journey, avg(pg_column_size(doc)) FILTER (WHERE viewer = '*operator') AS bytes FROM cx_customer360")
  const v = views.rows[0]
  const countText = counts.rows.map((r) => `${r.kind} ${r.n}`).join(', ')
  log(`back-fill: ${backfillSeconds.toFixed(0)} s — ${countText}; views: ${v?.operator} operator, ${v?.partner} partner; ${v?.journey} journey events`)
  rows.push(`| cx back-fill of ${versions.toLocaleString('en')} resources through the list APIs | ${fmt(backfillSeconds)} s (${fmt(versions / backfillSeconds)} resources/s) | | | — | info |`)
  notes.push(`Back-fill: read model after it — ${countText}; ${v?.operator} operator and ${v?.partner} partner 360 views (operator view ${fmt(Number(v?.bytes) / 1024, 1)} KiB stored on average), ${v?.journey} journey events. CPU seconds during it: ${[...backfillCpu].map(([k, s]) => `${k} ${fmt(s)}`).join(', ')}.`)
  // What the sources hold now (their exact X-Total-Count): besides the load, cx's closed loop may
  // have created complaint tickets and invitations for the newest detractor answers meanwhile.
  const LISTS: Record<string, [SourceName, string]> = {
    customer: ['customer', '/tmf-api/customerManagement/v5/customer'],
    productOrder: ['productOrder', '/tmf-api/productOrderingManagement/v5/productOrder'],
    troubleTicket: ['troubleTicket', '/tmf-api/troubleTicket/v5/troubleTicket'],
    surveyResponse: ['surveyResponse', '/tmf-api/customerSatisfaction/v1/surveyResponse']
  }
  const expected: Record<string, number> = {}
  for (const [kind, [source, path]] of Object.entries(LISTS)) {
    const res = await fetch(`${urlOf(source)}${path}?limit=1&fields=id`, { headers: { authorization: `Bearer ${token}` } })
    expected[kind] = Number(res.headers.get('x-total-count'))
  }
  // Live events of those late creations may still be on their way: give them a few seconds.
  for (let tries = 0; ; tries++) {
    const now = await cxDb.query<{ kind: string, n: string }>('SELECT kind, count(*) AS n FROM cx_entity GROUP BY kind')
    const missing = Object.entries(expected).filter(([kind, n]) => Number(now.rows.find((r) => r.kind === kind)?.n ?? 0) !== n)
    if (missing.length === 0) break
    if (tries === 60) throw new Error(`back-fill incomplete: ${missing.map(([kind, n]) => `${kind} ${now.rows.find((r) => r.kind === kind)?.n ?? 0} in cx, ${n} at the source`).join('; ')}`)
    await new Promise((resolve) => setTimeout(resolve, 500))
  }

  // Reads: random customers, 50 connections, and the same bodies from memory on a bare Fastify.
  const headers = { authorization: `Bearer ${token}` }
  const ids = seeded.customerIds
  const rnd = (n: number): number => Math.floor(Math.random() * n)
  const sample = await fetch(`${cx.url}/tmf-api/customer360/v5/customer360/${ids[0] ?? ''}`, { headers })
  const c360 = await sample.text()
  const sampleDoc = JSON.parse(c360) as Record<string, unknown[]>
  log(`a 360: ${sample.status}, ${(c360.length / 1024).toFixed(1)} KiB, ${sampleDoc.productOrder?.length ?? 0} orders, ${sampleDoc.troubleTicket?.length ?? 0} tickets, ${sampleDoc.surveyResponse?.length ?? 0} responses, ${sampleDoc.journey?.length ?? 0} journey events`)
  const journeyProbe = await fetch(`${cx.url}/tmf-api/cxAnalytics/v1/journeyEvent?customer.id=${ids[0] ?? ''}`, { headers })
  const journey = await journeyProbe.text()
  log(`a journey list: ${journeyProbe.status}, X-Total-Count ${journeyProbe.headers.get('x-total-count') ?? '?'}, ${(journey.length / 1024).toFixed(1)} KiB`)
  if (SECONDS > 0) {
    const dir = await mkdtemp(join(os.tmpdir(), 'bench-cx-'))
    await writeFile(join(dir, 'bodies.json'), JSON.stringify({ c360, journey }))
    const bare = spawn(process.execPath, ['--import', import.meta.resolve('tsx'), join(import.meta.dirname, 'bench', 'cx-bare-server.ts'), join(dir, 'bodies.json')], { stdio: ['ignore', 'pipe', 'inherit'] })
    const [line] = await once(createInterface({ input: bare.stdout }), 'line') as [string]
    const bareUrl = `http://127.0.0.1:${(JSON.parse(line) as { port: number }).port}`
    const read = async (name: string, path: () => string, barePath: string, target: number): Promise<LoadResult> => {
      log(`running ${name} (${CONNECTIONS} connections × ${SECONDS} s, then the bare baseline)…`)
      await refreshBackends()
      meter.mark()
      sampling()
      const r = await runLoad({ url: cx.url, headers, next: () => ({ path: path() }), seconds: SECONDS, connections: CONNECTIONS })
      const cpu = meter.since()
      sampled(name)
      const b = await runLoad({ url: bareUrl, headers, next: () => ({ path: barePath }), seconds: SECONDS, connections: CONNECTIONS })
      const failures = r.non2xx + r.errors
      rows.push(`| ${name} | ${fmt(r.rps)} req/s | ${r.p50} | ${r.p99} | p99 < ${target} ms | ${failures > 0 ? `FAILED (${failures} errors)` : verdict(r.p99 < target)} |`)
      rows.push(`| … the same body from memory on a bare Fastify (baseline) | ${fmt(b.rps)} req/s | ${b.p50} | ${b.p99} | | |`)
      const requests = r.rps * SECONDS
      notes.push(`${name}: CPU per request — cx ${fmt(1000 * (cpu.get('cx') ?? 0) / requests, 2)} ms, autocannon ${fmt(1000 * (cpu.get('bench') ?? 0) / requests, 2)} ms; CPU seconds over the ${SECONDS} s — ${[...cpu].map(([k, s]) => `${k} ${fmt(s, 1)}`).join(', ')}.`)
      return r
    }
    try {
      await read('GET customer360/{id} (random customer)', () => `/tmf-api/customer360/v5/customer360/${ids[rnd(ids.length)] ?? ''}`, '/c360/x', 25)
      await read('GET journeyEvent?customer.id= (random customer, default page of 20)', () => `/tmf-api/cxAnalytics/v1/journeyEvent?customer.id=${ids[rnd(ids.length)] ?? ''}`, '/journey', 25)
    } finally {
      bare.kill('SIGTERM')
      await rm(dir, { recursive: true, force: true })
    }
  }

  // Projection lag under writes.
  let lag: LagResult | undefined
  if (LAG_SECONDS > 0 && LAG_RATE > 0) {
    log(`writing ${LAG_RATE} changes/s for ${LAG_SECONDS} s and measuring the projection lag…`)
    await refreshBackends()
    meter.mark()
    sampling()
    lag = await measureLag({ rate: LAG_RATE, seconds: LAG_SECONDS, pollMs: 20, drainMs: 60_000, maxInFlight: 256, urlOf, token, seeded, partners: SIZES.partners, cxDb, log })
    const cpu = meter.since()
    sampled('Projection lag phase')
    const sustained = lag.written >= 0.98 * lag.planned && lag.failed === 0 && lag.late === 0 && lag.writeSeconds <= LAG_SECONDS * 1.05
    const met = sustained && lag.missing === 0 && lag.lagP99 < 1000
    rows.push(`| projection lag, ${LAG_RATE} changes/s × ${LAG_SECONDS} s (${lag.written} written at ${fmt(lag.writesPerSecond)}/s${sustained ? ', sustained' : ', NOT sustained'}; ${lag.missing} not seen) | ${lag.seen} seen | ${fmt(lag.lagP50)} | ${fmt(lag.lagP99)} | p99 < 1000 ms | ${verdict(met)} |`)
    notes.push(`Projection lag: writes answered in p50 ${fmt(lag.writeP50, 1)} ms, p99 ${fmt(lag.writeP99, 1)} ms; ${lag.failed} failed, ${lag.late} not started on time; lag max ${fmt(lag.lagMax)} ms; mix ${Object.entries(lag.byKind).map(([k, n]) => `${k} ${n}`).join(', ')}. CPU per change — ${[...cpu].map(([k, s]) => `${k} ${fmt(1000 * s / Math.max(1, lag?.written ?? 1), 1)} ms`).join(', ')} (bench: the writer and the poll).`)
    for (const e of lag.firstErrors) notes.push(`write error: ${e}`)
  }

  const pgVersion = (await db.query<{ v: string }>("SELECT current_setting('server_version') AS v")).rows[0]?.v ?? '?'
  const cpuModel = os.cpus()[0]?.model ?? 'unknown CPU'
  process.stdout.write([
    '',
    `Machine: ${os.cpus().length} cores (${cpuModel.trim()}), ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, PostgreSQL ${pgVersion} local, ${REDIS_URL === undefined ? 'no Redis (in-process delivery)' : 'Redis delivery'}; load average ${loadAverage} at start; ${SIZES.customers} customers, ${SIZES.orders} orders, ${SIZES.tickets} tickets, ${SIZES.responses} survey responses, ${SIZES.partners} partners; six processes (five sources, cx) + this one`,
    '',
    '| scenario | value | p50 ms | p99 ms | target | result |',
    '|---|---|---|---|---|---|',
    ...rows,
    '',
    ...notes.map((n) => `- ${n}`),
    ''
  ].join('\n'))
} finally {
  await cleanup()
  clearTimeout(watchdog)
}
