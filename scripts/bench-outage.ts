/**
 * `pnpm bench:outage`: issue 15's target, "10,000 affected customers get their messages created
 * within 30 s of the outage starting". It
 *
 * 1. creates the database `cx_bench_outage` (dropped again at the end);
 * 2. starts the embedded suite on it (every API and cx in one process, PostgreSQL, in-process
 *    delivery), without the demo data;
 * 3. creates BENCH_OUTAGE_CUSTOMERS customers (default 10,000) through TMF629, each with an e-mail
 *    and a postal address in Benchtown (every third prefers SMS), and waits until cx's read model
 *    holds them all (not timed);
 * 4. creates a CxOutage covering Benchtown through TMF621 and times, from that POST, how long
 *    until cx has created one TMF681 message per customer (its cx_outage_message rows with a
 *    message id), checking the TMF681 table holds as many;
 * 5. prints a Markdown table: customers, seconds to the last message, messages/s, pass/fail.
 *
 * Knobs: BENCH_ADMIN_URL (default postgres://postgres@127.0.0.1:5432/postgres),
 * BENCH_OUTAGE_CUSTOMERS, BENCH_TIMEOUT_SECONDS (default 300). cx creates 16 messages at a time
 * (CxSyncOptions.messageConcurrency). Validate small: BENCH_OUTAGE_CUSTOMERS=200.
 */
import pg from 'pg'
import type { FastifyInstance } from 'fastify'
import { tmfServerOptionsFromEnv } from '@cx/engine'
import { buildSuite } from '@cx/suite'

const env = process.env
const num = (name: string, fallback: number): number => {
  const v = env[name]
  if (v === undefined || v === '') return fallback
  const n = Number(v)
  if (!Number.isInteger(n) || n <= 0) throw new Error(`${name} must be a positive integer, got ${v}`)
  return n
}
const ADMIN_URL = env.BENCH_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres'
const DB = 'cx_bench_outage'
const CUSTOMERS = num('BENCH_OUTAGE_CUSTOMERS', 10_000)
const TIMEOUT_MS = num('BENCH_TIMEOUT_SECONDS', 300) * 1000
const TARGET_S = 30
const log = (line: string): void => { process.stderr.write(`${new Date().toISOString()} ${line}\n`) }

async function withAdmin<T> (fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: ADMIN_URL })
  await c.connect()
  try { return await fn(c) } finally { await c.end() }
}

async function waitFor (what: string, probe: () => Promise<boolean>, pollMs = 100): Promise<void> {
  const deadline = Date.now() + TIMEOUT_MS
  while (!await probe()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, pollMs))
  }
}

async function post (app: FastifyInstance, url: string, payload: Record<string, unknown>): Promise<Record<string, unknown>> {
  const res = await app.inject({ method: 'POST', url, payload })
  if (res.statusCode !== 201) throw new Error(`POST ${url}: ${res.statusCode} ${res.body}`)
  return res.json()
}

const count = async (app: FastifyInstance, sql: string, params: unknown[] = []): Promise<number> =>
  (await app.db.query<{ n: number }>(sql, params)).rows[0]?.n ?? 0

await withAdmin(async (c) => { await c.query(`DROP DATABASE IF EXISTS ${DB} WITH (FORCE)`); await c.query(`CREATE DATABASE ${DB}`) })
const databaseUrl = new URL(ADMIN_URL)
databaseUrl.pathname = `/${DB}`
// Embedded mode (dev token issuer, the caller is the operator), on PostgreSQL.
const opts = tmfServerOptionsFromEnv({ CX_MODE: 'embedded', DATABASE_URL: databaseUrl.toString(), LOG_LEVEL: 'warn', DB_POOL_SIZE: '20' })
const app = await buildSuite({ ...opts, seed: false })
let failed = false
try {
  await app.listen({ host: '127.0.0.1', port: 0 })
  log(`creating ${CUSTOMERS} customers`)
  let next = 0
  await Promise.all(Array.from({ length: 32 }, async () => {
    while (next < CUSTOMERS) {
      const i = next++
      await post(app, '/tmf-api/customerManagement/v5/customer', {
        '@type': 'Customer',
        name: `Bench customer ${i}`,
        engagedParty: { '@type': 'PartyRef', id: `bench-${i}`, '@referredType': 'Individual' },
        contactMedium: [
          { '@type': 'EmailContactMedium', preferred: i % 3 !== 0, emailAddress: `c${i}@example.org` },
          { '@type': 'PhoneContactMedium', preferred: i % 3 === 0, phoneNumber: `+4416329${String(i).padStart(5, '0')}` },
          { '@type': 'GeographicAddressContactMedium', street1: `${i} High Street`, city: 'Benchtown', postCode: 'BT1 1AA', country: 'GB' }
        ]
      })
    }
  }))
  await waitFor('the customers in the read model', async () => await count(app, "SELECT count(*)::int AS n FROM cx_entity WHERE kind = 'customer'") >= CUSTOMERS, 500)
  log('read model complete; starting the outage')

  const started = Date.now()
  const outage = await post(app, '/tmf-api/troubleTicket/v5/troubleTicket', {
    '@type': 'CxOutage',
    '@baseType': 'TroubleTicket',
    name: 'Bench outage in Benchtown',
    description: 'Every customer of Benchtown is affected',
    severity: 'Critical',
    ticketType: 'Outage',
    expectedResolutionDate: new Date(Date.now() + 3_600_000).toISOString(),
    impact: { '@type': 'OutageImpact', place: [{ city: 'Benchtown' }] },
    relatedParty: [{ '@type': 'RelatedPartyRefOrPartyRoleRef', role: 'partner', partyOrPartyRole: { '@type': 'PartyRoleRef', id: 'fibreco', '@referredType': 'BusinessPartner' } }]
  })
  await waitFor('every message', async () => await count(app, 'SELECT count(*)::int AS n FROM cx_outage_message WHERE outage_id = $1 AND message_id IS NOT NULL', [outage.id]) >= CUSTOMERS)
  const seconds = (Date.now() - started) / 1000
  const stored = await count(app, 'SELECT count(*)::int AS n FROM communication_message')
  const rate = Math.round(CUSTOMERS / seconds)
  const pass = seconds <= TARGET_S && stored === CUSTOMERS
  failed = !pass
  process.stdout.write([
    '| affected customers | messages in TMF681 | seconds to the last message | messages/s | target | result |',
    '|---|---|---|---|---|---|',
    `| ${CUSTOMERS} | ${stored} | ${seconds.toFixed(1)} | ${rate} | ≤ ${TARGET_S} s | ${pass ? 'pass' : 'FAIL'} |`,
    ''
  ].join('\n'))
} finally {
  await app.close()
  await withAdmin(async (c) => { await c.query(`DROP DATABASE IF EXISTS ${DB} WITH (FORCE)`) }).catch((err: unknown) => { log(`could not drop ${DB}: ${String(err)}`) })
}
if (failed) process.exitCode = 1
