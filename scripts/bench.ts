/**
 * `pnpm bench`: throughput and latency of the TMF services on PostgreSQL against a bare Fastify
 * route serving the same JSON from memory on the same machine, printed as a Markdown table.
 * Needs the local PostgreSQL (BENCH_ADMIN_URL, default postgres://postgres@127.0.0.1:5432/postgres).
 */
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { createInterface } from 'node:readline'
import { join } from 'node:path'
import os from 'node:os'
import pg from 'pg'
import { authConfigFromEnv, devIssueToken } from '@cx/auth'
import { runLoad, type LoadResult } from './bench/autocannon-run.ts'
import { seedTickets } from './bench/seed-tickets.ts'
import { multiplyTable } from './bench/multiply.ts'
import { openDb } from '@cx/store'
import { benchEvents } from '@cx/events'

const ADMIN_URL = process.env.BENCH_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres'
const DB = 'cx_bench'
const TICKETS = Number(process.env.BENCH_TICKETS ?? 100_000)
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10)
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32)
const SECRET = 'bench-secret-0123456789abcdef0123456789'

const dbUrl = ADMIN_URL.replace(/\/[^/]*$/, `/${DB}`)
const admin = new pg.Client({ connectionString: ADMIN_URL })
await admin.connect()
await admin.query(`DROP DATABASE IF EXISTS ${DB} WITH (FORCE)`)
await admin.query(`CREATE DATABASE ${DB}`)
await admin.end()

// BENCH_PROFILE=dir writes a V8 CPU profile of the server process there, to see where time goes.
const profile = process.env.BENCH_PROFILE === undefined ? [] : ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE}`]
const server = spawn(process.execPath, [...profile, '--import', 'tsx', join(import.meta.dirname, 'bench', 'bench-server.ts')], {
  env: { ...process.env, BENCH_DATABASE_URL: dbUrl, BENCH_SECRET: SECRET, RUN_WORKERS: process.env.RUN_WORKERS ?? 'true' },
  stdio: ['ignore', 'pipe', 'inherit']
})
const [line] = await once(createInterface({ input: server.stdout }), 'line') as [string]
const ports = JSON.parse(line) as { app: number, bare: number }

try {
  const db = new pg.Client({ connectionString: dbUrl })
  await db.connect()
  process.stderr.write(`seeding ${TICKETS} tickets…\n`)
  await seedTickets(db, TICKETS)
  // The other services: their demo documents multiplied to a realistic base size.
  const services = [
    { name: 'TMF629 customer', table: 'customer', root: '/tmf-api/customerManagement/v5/customer', copies: 2000, by: 'engagedParty.id' },
    { name: 'TMF622 productOrder', table: 'product_order', root: '/tmf-api/productOrderingManagement/v5/productOrder', copies: 2000, by: 'relatedParty.partyOrPartyRole.id' },
    { name: 'TMF623 slaViolation', table: 'sla_violation', root: '/tmf-api/slaManagement/v4/slaViolation', copies: 2000, by: 'relatedParty.partyOrPartyRole.id' },
    { name: 'survey surveyResponse', table: 'survey_response', root: '/tmf-api/customerSatisfaction/v1/surveyResponse', copies: 2000, by: 'relatedParty.partyOrPartyRole.id' }
  ]
  const sampleIds = new Map<string, string[]>()
  for (const svc of services) {
    const rows = await multiplyTable(db, svc.table, svc.root, svc.copies)
    process.stderr.write(`${svc.table}: ${rows} documents\n`)
    sampleIds.set(svc.table, (await db.query<{ id: string }>(`SELECT id FROM ${svc.table} ORDER BY random() LIMIT 2000`)).rows.map((r) => r.id))
  }
  await db.end()

  const token = await devIssueToken(authConfigFromEnv({ AUTH_JWT_SECRET: SECRET }, 'production'), 'operator')
  const headers = { authorization: `Bearer ${token}` }
  const app = `http://127.0.0.1:${ports.app}`
  const bare = `http://127.0.0.1:${ports.bare}`
  const rnd = (n: number): number => Math.floor(Math.random() * n)
  const ticketBody = JSON.stringify({ '@type': 'TroubleTicket', description: 'bench', severity: 'Minor', ticketType: 'Incident', relatedParty: [{ '@type': 'RelatedPartyRefOrPartyRoleRef', role: 'customer', partyOrPartyRole: { '@type': 'PartyRef', id: 'cust-1', '@referredType': 'Individual' } }] })
  const TT = '/tmf-api/troubleTicket/v5/troubleTicket'

  interface Scenario { name: string, target: number, app: () => Promise<LoadResult>, bare: () => Promise<LoadResult> }
  const load = (url: string, next: () => { path: string, body?: string }, method: 'GET' | 'POST' = 'GET') =>
    async () => await runLoad({ url, headers, next, method, seconds: SECONDS, connections: CONNECTIONS })
  const scenarios: Scenario[] = [
    { name: 'TMF621 GET by id', target: 0.5, app: load(app, () => ({ path: `${TT}/bench-${1 + rnd(TICKETS)}` })), bare: load(bare, () => ({ path: `/bare/${rnd(TICKETS)}` })) },
    { name: 'TMF621 POST', target: 0.25, app: load(app, () => ({ path: TT, body: ticketBody }), 'POST'), bare: load(bare, () => ({ path: '/bare', body: ticketBody }), 'POST') },
    { name: 'TMF621 filtered list (customer, limit 20)', target: 0.3, app: load(app, () => ({ path: `${TT}?relatedParty.partyOrPartyRole.id=cust-${rnd(1000)}&status=inProgress,acknowledged&limit=20` })), bare: load(bare, () => ({ path: '/bareList' })) }
    // after the POSTs, so the list also pays for index maintenance state a live system has
  ]

  for (const svc of services) {
    const ids = sampleIds.get(svc.table) ?? []
    // A filter that matches nothing would flatter the numbers: show how much one matches.
    const probe = await fetch(`${app}${svc.root}?${svc.by}=c1-001,c1-002,c1-003,c1-004,c1-005,c1-006&limit=1`, { headers })
    process.stderr.write(`${svc.name}: the filter for one copy of the six customers matches ${probe.headers.get('x-total-count') ?? '?'} documents\n`)
    scenarios.push(
      { name: `${svc.name} GET by id`, target: 0.5, app: load(app, () => ({ path: `${svc.root}/${ids[rnd(ids.length)] ?? 'none'}` })), bare: load(bare, () => ({ path: `/bare/${rnd(TICKETS)}` })) },
      { name: `${svc.name} filtered list (customer, limit 20)`, target: 0.3, app: load(app, () => ({ path: `${svc.root}?${svc.by}=c${1 + rnd(svc.copies)}-00${1 + rnd(6)}&limit=20` })), bare: load(bare, () => ({ path: '/bareList' })) }
    )
  }

  const rows: string[] = []
  const only = process.env.BENCH_ONLY
  for (const s of scenarios.filter((x) => only === undefined || x.name.includes(only))) {
    process.stderr.write(`running ${s.name}…\n`)
    const b = await s.bare()
    const a = await s.app()
    const ratio = a.rps / b.rps
    const failures = a.non2xx + a.errors
    rows.push(`| ${s.name} | ${a.rps.toFixed(0)} | ${a.p50} | ${a.p99} | ${b.rps.toFixed(0)} | ${ratio.toFixed(2)}× | ≥ ${s.target}× | ${ratio >= s.target && failures === 0 ? 'met' : failures > 0 ? `FAILED (${failures} errors)` : 'missed'} |`)
  }
  // Events: resource changes through the outbox, delivered to three local listeners via Redis.
  const EVENTS = Number(process.env.BENCH_EVENTS ?? 10_000)
  const eventRows: string[] = []
  if (EVENTS > 0 && (only === undefined || 'events'.includes(only))) {
    process.stderr.write(`running events (${EVENTS} changes, 3 subscriptions)…\n`)
    server.kill('SIGTERM') // the HTTP server is done; give the relay the machine
    const eventsDb = await openDb({ databaseUrl: dbUrl, schema: 'bench_events', maxConnections: 24 })
    try {
      const r = await benchEvents({ db: eventsDb, redisUrl: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', events: EVENTS, subscriptions: 3 })
      const met = r.eventsPerSecond >= 1000 && r.p99Ms < 250 && r.delivered === EVENTS * 3
      eventRows.push(`| events: ${EVENTS} changes × 3 subscriptions (Redis) | ${r.eventsPerSecond.toFixed(0)} events/s | ${r.p50Ms.toFixed(0)} | ${r.p99Ms.toFixed(0)} | delivered ${r.delivered}/${EVENTS * 3} | | ≥ 1000/s, p99 < 250 ms | ${met ? 'met' : 'missed'} |`)
    } finally {
      await eventsDb.close()
    }
  }

  const cpu = os.cpus()[0]?.model ?? 'unknown CPU'
  process.stdout.write([
    '',
    `Machine: ${os.cpus().length} cores (${cpu}), ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, PostgreSQL local; ${TICKETS} tickets; ${CONNECTIONS} connections × ${SECONDS} s each`,
    '',
    '| scenario | req/s | p50 ms | p99 ms | bare Fastify req/s | ratio | target | result |',
    '|---|---|---|---|---|---|---|---|',
    ...rows,
    ...eventRows,
    ''
  ].join('\n'))
} finally {
  server.kill('SIGTERM')
}
