/**
 * `pnpm bench:scale`: TMF621 at operator scale (issue 12). For each dataset size (BENCH_SIZES,
 * default 10000,100000,1000000 tickets) it loads the tickets, then runs every scenario with
 * autocannon against the app and against a bare Fastify route serving the same bytes from
 * memory, beside `pgbench`'s rate for the same SQL on the same database. Then the same
 * scenarios in embedded mode (PGlite; BENCH_EMBEDDED_SIZES, default 10000,100000) with the
 * embedded start time on the loaded data directory, and the server's RSS. Prints the README table.
 * Needs the local PostgreSQL (BENCH_ADMIN_URL, default postgres://postgres@127.0.0.1:5432/postgres).
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { createInterface } from 'node:readline'
import { join } from 'node:path'
import os from 'node:os'
import pg from 'pg'
import { authConfigFromEnv, devIssueToken } from '@cx/auth'
import { runLoad, type Load, type LoadResult } from './bench/autocannon-run.ts'
import { listStatement, pgbenchTps } from './bench/pgbench.ts'

const ADMIN_URL = process.env.BENCH_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres'
const DB = 'cx_bench_scale'
const sizesOf = (v: string | undefined, d: string): number[] => (v ?? d).split(',').map(Number).filter((n) => n > 0)
const SIZES = sizesOf(process.env.BENCH_SIZES, '10000,100000,1000000')
const EMBEDDED_SIZES = sizesOf(process.env.BENCH_EMBEDDED_SIZES, '10000,100000')
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10)
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32)
const PGBENCH_SECONDS = Number(process.env.BENCH_PGBENCH_SECONDS ?? Math.min(SECONDS, 10))
const SECRET = 'bench-secret-0123456789abcdef0123456789'
const TT = '/tmf-api/troubleTicket/v5/troubleTicket'
const dbUrl = ADMIN_URL.replace(/\/[^/]*$/, `/${DB}`)

interface Server { proc: ChildProcess, app: string, bare: string, startMs: number, seedMs: number }

async function startServer (env: Record<string, string>): Promise<Server> {
  const proc = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'bench', 'scale-server.ts')], {
    env: { ...process.env, BENCH_SECRET: SECRET, RUN_WORKERS: 'true', ...env },
    stdio: ['ignore', 'pipe', 'inherit']
  })
  const [line] = await once(createInterface({ input: proc.stdout! }), 'line') as [string]
  const r = JSON.parse(line) as { app: number, bare: number, startMs: number, seedMs: number }
  return { proc, app: `http://127.0.0.1:${r.app}`, bare: `http://127.0.0.1:${r.bare}`, startMs: r.startMs, seedMs: r.seedMs }
}

async function stop (s: Server): Promise<void> {
  const exited = once(s.proc, 'exit')
  s.proc.kill('SIGTERM')
  await exited
}

/** Peak and current resident set of a process (Linux /proc), in MB. */
async function rssMb (pid: number | undefined): Promise<{ peak: number, now: number } | undefined> {
  if (pid === undefined) return undefined
  try {
    const status = await readFile(`/proc/${pid}/status`, 'utf8')
    const kb = (k: string): number => Number(new RegExp(`${k}:\\s+(\\d+)`).exec(status)?.[1] ?? 0)
    return { peak: kb('VmHWM') / 1024, now: kb('VmRSS') / 1024 }
  } catch {
    return undefined
  }
}

interface Scenario {
  name: string
  target: number
  app: (n: number) => Omit<Load, 'url' | 'seconds' | 'connections'>
  bare: Omit<Load, 'url' | 'seconds' | 'connections'>
  /** pgbench script of the same SQL (variables: :n tickets, :c customers). */
  sql?: string
}

const rnd = (n: number): number => Math.floor(Math.random() * n)
const ticketBody = JSON.stringify({ '@type': 'TroubleTicket', description: 'bench', severity: 'Minor', ticketType: 'Incident', relatedParty: [{ '@type': 'RelatedPartyRefOrPartyRoleRef', role: 'customer', partyOrPartyRole: { '@type': 'PartyRef', id: 'cust-1', '@referredType': 'Individual' } }] })
const list = (qs: (n: number) => string, where: string, order: string, name: string, target: number): Scenario => ({
  name,
  target,
  app: (n) => ({ next: () => ({ path: `${TT}?${qs(n)}` }) }),
  bare: { next: () => ({ path: '/bareList' }) },
  sql: `\\set c random(0, :c - 1)\n${listStatement('trouble_ticket', where, order)}`
})
const SCENARIOS: Scenario[] = [
  { name: 'GET by id', target: 0.5, app: (n) => ({ next: () => ({ path: `${TT}/bench-${1 + rnd(n)}` }) }), bare: { next: () => ({ path: `/bare/${rnd(1000)}` }) }, sql: "\\set i random(1, :n)\nSELECT doc::text AS body, version FROM trouble_ticket WHERE id = 'bench-' || :i;\n" },
  list((n) => `relatedParty.partyOrPartyRole.id=cust-${rnd(Math.max(1, Math.round(n / 100)))}&status=inProgress,acknowledged&limit=20`,
    "parties && ARRAY['cust-' || :c] AND c_status = ANY('{inProgress,acknowledged}')", '', 'one customer (status in 2, limit 20)', 0.3),
  list(() => 'severity=Major&ticketType=Incident&sort=-creationDate&limit=20',
    "c_severity = ANY('{Major}') AND c_ticket_type = ANY('{Incident}')", 'c_creation_date DESC NULLS LAST', 'severity&ticketType, sort -creationDate, limit 20', 0.2),
  list(() => 'status=acknowledged&limit=20', "c_status = ANY('{acknowledged}')", '', 'status, limit 20', 0.2),
  list(() => 'status=acknowledged,inProgress&severity=Critical&sort=-creationDate&limit=20',
    "c_status = ANY('{acknowledged,inProgress}') AND c_severity = ANY('{Critical}')", 'c_creation_date DESC NULLS LAST', 'open Critical, sort -creationDate, limit 20', 0.2),
  { name: 'POST', target: 0.25, app: () => ({ method: 'POST', next: () => ({ path: TT, body: ticketBody }) }), bare: { method: 'POST', next: () => ({ path: '/bare', body: ticketBody }) } },
  { name: 'PATCH (merge)', target: 0.2, app: (n) => ({ method: 'PATCH', contentType: 'application/merge-patch+json', next: () => ({ path: `${TT}/bench-${1 + rnd(n)}`, body: `{"description":"patched ${rnd(1e9)}"}` }) }), bare: { method: 'PATCH', next: () => ({ path: `/bare/${rnd(1000)}`, body: '{"description":"patched"}' }) } }
]

interface Row { size: number, scenario: Scenario, app: LoadResult, bare: LoadResult, pgbench?: number | undefined }

async function runScenarios (server: Server, size: number, headers: Record<string, string>, withPgbench: boolean): Promise<Row[]> {
  const rows: Row[] = []
  const only = process.env.BENCH_ONLY
  for (const s of SCENARIOS.filter((x) => only === undefined || x.name.includes(only))) {
    process.stderr.write(`  ${s.name}…\n`)
    const base = { seconds: SECONDS, connections: CONNECTIONS, headers }
    const bare = await runLoad({ ...base, url: server.bare, ...s.bare })
    const app = await runLoad({ ...base, url: server.app, ...s.app(size) })
    // Reads only: pgbench would also add rows, which changes the next scenario's data.
    const script = s.sql === undefined ? undefined : `\\set n ${size}\n\\set c ${Math.max(1, Math.round(size / 100))}\n${s.sql}`
    const pgbench = withPgbench && script !== undefined ? await pgbenchTps(dbUrl, script, PGBENCH_SECONDS) : undefined
    rows.push({ size, scenario: s, app, bare, pgbench })
  }
  return rows
}

const token = await devIssueToken(authConfigFromEnv({ AUTH_JWT_SECRET: SECRET }, 'production'), 'operator')
const headers = { authorization: `Bearer ${token}` }
const pgRows: Row[] = []
const embeddedRows: Row[] = []
const notes: string[] = []

for (const size of SIZES) {
  const admin = new pg.Client({ connectionString: ADMIN_URL })
  await admin.connect()
  await admin.query(`DROP DATABASE IF EXISTS ${DB} WITH (FORCE)`)
  await admin.query(`CREATE DATABASE ${DB}`)
  await admin.end()
  process.stderr.write(`PostgreSQL, ${size} tickets: seeding…\n`)
  const server = await startServer({ BENCH_DATABASE_URL: dbUrl, BENCH_SEED: String(size) })
  try {
    process.stderr.write(`  seeded in ${(server.seedMs / 1000).toFixed(1)} s\n`)
    pgRows.push(...await runScenarios(server, size, headers, true))
    const rss = await rssMb(server.proc.pid)
    if (rss !== undefined) notes.push(`PostgreSQL, ${size} tickets: TMF621 server RSS ${rss.now.toFixed(0)} MB (peak ${rss.peak.toFixed(0)} MB) after the run`)
  } finally {
    await stop(server)
  }
}
if (process.env.BENCH_KEEP === undefined) {
  const admin = new pg.Client({ connectionString: ADMIN_URL })
  await admin.connect()
  await admin.query(`DROP DATABASE IF EXISTS ${DB} WITH (FORCE)`)
  await admin.end()
}

for (const size of EMBEDDED_SIZES) {
  const dir = await mkdtemp(join(os.tmpdir(), 'cx-bench-pglite-'))
  try {
    process.stderr.write(`PGlite, ${size} tickets: seeding…\n`)
    const seeding = await startServer({ BENCH_DATA_DIR: dir, BENCH_SEED: String(size) })
    await stop(seeding)
    // The start a user meets: open the loaded data directory, migrate, ready.
    const server = await startServer({ BENCH_DATA_DIR: dir })
    try {
      notes.push(`PGlite, ${size} tickets: seeded in ${(seeding.seedMs / 1000).toFixed(1)} s; start on the loaded data directory ${(server.startMs / 1000).toFixed(1)} s (target < 10 s at 100k)`)
      embeddedRows.push(...await runScenarios(server, size, headers, false))
      const rss = await rssMb(server.proc.pid)
      if (rss !== undefined) notes.push(`PGlite, ${size} tickets: TMF621 server RSS ${rss.now.toFixed(0)} MB (peak ${rss.peak.toFixed(0)} MB) after the run`)
    } finally {
      await stop(server)
    }
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

const verdict = (r: Row): string => {
  const failures = r.app.non2xx + r.app.errors
  if (failures > 0) return `FAILED (${failures} errors)`
  return r.app.rps / r.bare.rps >= r.scenario.target ? 'met' : 'missed'
}
const cpu = os.cpus()[0]?.model ?? 'unknown CPU'
const lines = [
  '',
  `Machine: ${os.cpus().length} cores (${cpu}), ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}; ${CONNECTIONS} connections × ${SECONDS} s each; pgbench 8 clients × ${PGBENCH_SECONDS} s, prepared`,
  '',
  '| tickets | scenario | req/s | p50 ms | p99 ms | bare req/s | ratio | pgbench tps (same SQL) | target | result |',
  '|---|---|---|---|---|---|---|---|---|---|',
  ...pgRows.map((r) => `| ${r.size} | ${r.scenario.name} | ${r.app.rps.toFixed(0)} | ${r.app.p50} | ${r.app.p99} | ${r.bare.rps.toFixed(0)} | ${(r.app.rps / r.bare.rps).toFixed(2)}× | ${r.pgbench?.toFixed(0) ?? '—'} | ≥ ${r.scenario.target}× | ${verdict(r)} |`)
]
if (embeddedRows.length > 0) {
  lines.push('', '| embedded (PGlite) tickets | scenario | req/s | p50 ms | p99 ms | ratio to bare | ratio to PostgreSQL, same size | target | result |', '|---|---|---|---|---|---|---|---|---|')
  for (const r of embeddedRows) {
    const onPg = pgRows.find((p) => p.size === r.size && p.scenario === r.scenario)
    const toPg = onPg === undefined ? undefined : r.app.rps / onPg.app.rps
    lines.push(`| ${r.size} | ${r.scenario.name} | ${r.app.rps.toFixed(0)} | ${r.app.p50} | ${r.app.p99} | ${(r.app.rps / r.bare.rps).toFixed(2)}× | ${toPg === undefined ? '—' : `${toPg.toFixed(2)}×`} | ≥ 0.3× of PostgreSQL | ${toPg === undefined ? '—' : toPg >= 0.3 && r.app.non2xx + r.app.errors === 0 ? 'met' : 'missed'} |`)
  }
}
lines.push('', ...notes.map((n) => `- ${n}`), '')
process.stdout.write(lines.join('\n'))
