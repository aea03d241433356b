import { execFile } from 'node:child_process'
import { join } from 'node:path'
import t from 'tap'
import { freePort, startPostgresServer, TEST_AUTH, TEST_REDIS_URL } from '@cx/test-kit'
import { devIssueToken } from '@cx/auth'
import pg from 'pg'
import { DIST_ENTRIES, ROOT, startDist, waitReady, type DistProcess } from './dist-process.ts'
import { freshDatabase } from './services.ts'

// The production start command of every app and of the worker (compiled JavaScript under plain
// node, as docker/Dockerfile runs it) on PostgreSQL + Redis. All of them start at once on one
// fresh database, so their migrations race as replicas' do; each must become ready, serve, and
// stop cleanly on SIGTERM.

const production = (databaseUrl: string, port: number): Record<string, string> => ({
  CX_MODE: 'production',
  DATABASE_URL: databaseUrl,
  REDIS_URL: TEST_REDIS_URL,
  AUTH_JWT_SECRET: String(TEST_AUTH.hs256Secret),
  AUTH_ISSUER: String(TEST_AUTH.issuer),
  AUTH_AUDIENCE: String(TEST_AUTH.audience),
  HOST: '127.0.0.1',
  PORT: String(port),
  LOG_LEVEL: 'info'
})

t.test('every app and the worker start from dist/ on one fresh database (five at once), serve, and stop on SIGTERM', async (t) => {
  const databaseUrl = await freshDatabase(t, 'prodstart')
  const operator = await devIssueToken(TEST_AUTH, 'operator')
  const names = Object.keys(DIST_ENTRIES) as Array<keyof typeof DIST_ENTRIES>
  const ports = Object.fromEntries(await Promise.all(names.map(async (n) => [n, await freePort()] as const))) as Record<keyof typeof DIST_ENTRIES, number>
  const cx = {
    CX_HUB_SECRET: 'prodstart-hub-secret-0123456789',
    CX_SOURCE_TOKEN: operator,
    CX_SOURCE_ORIGINS: `customer=http://127.0.0.1:${ports.customer}`,
    CX_CALLBACK_BASE: `http://127.0.0.1:${ports.cx}`,
    HUB_CALLBACK_ALLOWLIST: '127.0.0.1'
  }
  const start = async (name: keyof typeof DIST_ENTRIES): Promise<readonly [keyof typeof DIST_ENTRIES, DistProcess]> => {
    const env = { ...production(databaseUrl, ports[name]), ...(name === 'cx' ? cx : {}) }
    return [name, await startDist(t, DIST_ENTRIES[name], env, name === 'worker' ? /delivery worker started/ : /Server listening at/, name)] as const
  }
  // The five resource services race on the fresh database's migrations; then the rest.
  const resourceServices = ['customer', 'productOrder', 'troubleTicket', 'sla', 'survey'] as const
  const started = [...await Promise.all(resourceServices.map(start)), ...await Promise.all((['communication', 'cx', 'worker'] as const).map(start))]
  for (const [name] of started) {
    const ready = await waitReady(`http://127.0.0.1:${ports[name]}/health/ready`) as { status: string, checks: Record<string, string> }
    t.equal(ready.status, 'ready', `${name} is ready`)
    t.equal(ready.checks.redis, 'up', `${name} reaches Redis`)
    if (name !== 'worker') {
      t.same(ready.checks, { database: 'up', migrations: 'done', relay: 'running', redis: 'up' }, `${name}: database, migrations, relay`)
      const live = await fetch(`http://127.0.0.1:${ports[name]}/health/live`)
      t.equal(live.status, 200, `${name} is live`)
    }
  }

  // Served from compiled code: a write and a read through the TMF surface.
  const base = `http://127.0.0.1:${ports.customer}/tmf-api/customerManagement/v5/customer`
  const created = await fetch(base, { method: 'POST', headers: { authorization: `Bearer ${operator}`, 'content-type': 'application/json' }, body: JSON.stringify({ '@type': 'Customer', name: 'Ada', engagedParty: { '@type': 'PartyRef', id: 'p-1', '@referredType': 'Individual' } }) })
  t.equal(created.status, 201)
  const id = (await created.json() as { id: string }).id
  const read = await fetch(`${base}/${id}`, { headers: { authorization: `Bearer ${operator}` } })
  t.equal(read.status, 200)
  t.equal((await read.json() as { name: string }).name, 'Ada')

  // Every migration ran exactly once although seven processes applied them together.
  const admin = new pg.Client({ connectionString: databaseUrl })
  await admin.connect()
  t.teardown(async () => { await admin.end() })
  const dupes = await admin.query('SELECT id, count(*) FROM cx_migration GROUP BY id HAVING count(*) > 1')
  t.same(dupes.rows, [], 'no migration recorded twice')

  for (const [name, proc] of started) {
    await proc.stop()
    t.equal(await proc.exited, 0, `${name} exits 0 on SIGTERM`)
  }
})

t.test('a database that comes up late: the app retries with back-off and is ready only after migrating', async (t) => {
  const server = await startPostgresServer(t)
  await server.stop()
  const port = await freePort()
  const app = await startDist(t, DIST_ENTRIES.customer, { ...production(server.url, port), REDIS_URL: '', STARTUP_RETRY_MS: '120000' }, /PostgreSQL not reachable yet; retrying with back-off/, 'customer (database down)')
  const refused = await fetch(`http://127.0.0.1:${port}/health/live`).then(() => 'answered', () => 'refused')
  t.equal(refused, 'refused', 'nothing is served before the database and its migrations')
  await server.start()
  const ready = await waitReady(`http://127.0.0.1:${port}/health/ready`) as { checks: Record<string, string> }
  t.same(ready.checks, { database: 'up', migrations: 'done', relay: 'running' })
  t.match(app.output(), /PostgreSQL reachable; starting/)
  await app.stop()
  t.equal(await app.exited, 0)
})

t.test('a configuration error stops the process before it opens anything, naming the variable', async (t) => {
  const port = await freePort()
  const env = { PATH: process.env.PATH ?? '', ...production('postgres://127.0.0.1:1/none', port), CX_MODE: 'prod' }
  const result = await new Promise<{ code: number | null, stderr: string }>((resolve) => {
    execFile(process.execPath, ['--conditions=cx-dist', join(ROOT, DIST_ENTRIES.customer)], { env }, (err, _stdout, stderr) => {
      resolve({ code: err === null ? 0 : (err as { code?: number }).code ?? null, stderr })
    })
  })
  t.equal(result.code, 78, 'EX_CONFIG')
  t.match(result.stderr, /CX_MODE must be one of embedded, production, got "prod"/)
})
