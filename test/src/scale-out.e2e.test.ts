import t from 'tap'
import pg from 'pg'
import { devIssueToken } from '@cx/auth'
import { aTroubleTicket, eventOf, freePort, resourceIdOf, startListener, TEST_AUTH, type ReceivedCall } from '@cx/test-kit'
import { DIST_ENTRIES, startDist, waitReady } from './dist-process.ts'
import { startRedisCluster } from './redis-cluster.ts'
import { freshDatabase } from './services.ts'

// Scale-out as docker/compose.yaml runs it, on a real distributed engine: two replicas of the
// TMF621 service (RUN_WORKERS=false) and two separate delivery workers, all on one PostgreSQL
// and a three-master Redis Cluster (BullMQ keys hash-tagged per queue, REDIS_CLUSTER=true).

const TICKETS = 5
const PATCHES = 20
const V5 = '/tmf-api/troubleTicket/v5'

t.test('two replicas and two workers on a Redis Cluster: every event delivered, in order per ticket, one worker killed mid-burst', async (t) => {
  const cluster = await startRedisCluster(t)
  const databaseUrl = await freshDatabase(t, 'scaleout')
  const listener = await startListener(t)
  const env = (port: number): Record<string, string> => ({
    CX_MODE: 'production',
    DATABASE_URL: databaseUrl,
    REDIS_URL: cluster.url,
    REDIS_CLUSTER: 'true',
    AUTH_JWT_SECRET: String(TEST_AUTH.hs256Secret),
    AUTH_ISSUER: String(TEST_AUTH.issuer),
    AUTH_AUDIENCE: String(TEST_AUTH.audience),
    HOST: '127.0.0.1',
    PORT: String(port),
    RUN_WORKERS: 'false',
    HUB_CALLBACK_ALLOWLIST: '127.0.0.1',
    LOG_LEVEL: 'info'
  })
  const [portA, portB, portW1, portW2] = await Promise.all([freePort(), freePort(), freePort(), freePort()])
  // One replica first: the second then starts on a migrated database, as a rolling start would.
  await startDist(t, DIST_ENTRIES.troubleTicket, env(portA), /Server listening at/, 'replica A')
  await waitReady(`http://127.0.0.1:${portA}/health/ready`)
  await startDist(t, DIST_ENTRIES.troubleTicket, env(portB), /Server listening at/, 'replica B')
  const w1 = await startDist(t, DIST_ENTRIES.worker, { ...env(portW1), LOG_LEVEL: 'info' }, /delivery worker started/, 'worker 1')
  await startDist(t, DIST_ENTRIES.worker, { ...env(portW2), LOG_LEVEL: 'info' }, /delivery worker started/, 'worker 2')
  for (const port of [portA, portB, portW1, portW2]) await waitReady(`http://127.0.0.1:${port}/health/ready`)

  const token = await devIssueToken(TEST_AUTH, 'operator')
  const call = async (port: number, method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ status: number, json: any, etag: string | null }> => {
    const res = await fetch(`http://127.0.0.1:${port}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': method === 'PATCH' ? 'application/merge-patch+json' : 'application/json' }), ...headers },
      ...(body === undefined ? {} : { body: JSON.stringify(body) })
    })
    const text = await res.text()
    return { status: res.status, json: text === '' ? undefined : JSON.parse(text), etag: res.headers.get('etag') }
  }

  t.equal((await call(portA, 'POST', `${V5}/hub`, { callback: listener.url })).status, 201, 'subscribed through replica A')

  const started = Date.now()
  const ids: string[] = []
  for (let i = 0; i < TICKETS; i++) {
    const res = await call(i % 2 === 0 ? portA : portB, 'POST', `${V5}/troubleTicket`, aTroubleTicket({ description: 'v0' }))
    t.equal(res.status, 201)
    ids.push(res.json.id)
  }
  // Each ticket's changes are made one after another, alternating replicas, so their order is
  // defined; the tickets are changed concurrently. Worker 1 is killed once deliveries flow.
  let killed = false
  const writers = ids.map(async (id) => {
    for (let v = 1; v <= PATCHES; v++) {
      const res = await call(v % 2 === 0 ? portA : portB, 'PATCH', `${V5}/troubleTicket/${id}`, { description: `v${v}` })
      if (res.status !== 200) throw new Error(`PATCH v${v} of ${id}: ${res.status} ${JSON.stringify(res.json)}`)
      if (!killed && listener.received.length >= (TICKETS * PATCHES) / 4) {
        killed = true
        await w1.kill()
      }
    }
  })
  await Promise.all(writers)
  const writesDone = Date.now()
  t.ok(killed, 'worker 1 was killed (SIGKILL) while deliveries were flowing')

  const expected = TICKETS * (PATCHES + 1)
  const distinct = async (): Promise<Map<string, ReceivedCall>> => {
    const first = new Map<string, ReceivedCall>()
    for (const c of listener.received) if (!first.has(eventOf(c).eventId)) first.set(eventOf(c).eventId, c)
    return first
  }
  await until(async () => (await distinct()).size >= expected, `${expected} distinct events`)
  const events = await distinct()
  const arrivals = [...events.values()].map((c) => c.at)
  const lastArrival = Math.max(...arrivals)
  const deliveryWindowMs = lastArrival - Math.min(...arrivals)
  t.equal(events.size, expected, 'one event per change: nothing lost, nothing invented')

  // Per ticket, in arrival order of first deliveries: v0 (create), v1 … v20.
  for (const id of ids) {
    const versions = [...events.values()].filter((c) => resourceIdOf(c) === id).map((c) => String(eventOf(c).event.troubleTicket?.description))
    t.same(versions, Array.from({ length: PATCHES + 1 }, (_, v) => `v${v}`), `ticket ${id.slice(0, 8)}: events in order`)
  }
  // At least once: a redelivery (the killed worker's jobs taken over) repeats an eventId with the same body.
  const bodies = new Map<string, string>()
  let duplicates = 0
  for (const c of listener.received) {
    const id = eventOf(c).eventId
    const seen = bodies.get(id)
    if (seen === undefined) bodies.set(id, c.rawBody)
    else {
      duplicates++
      t.equal(c.rawBody, seen, `a redelivery of ${id} is the same event`)
    }
  }
  const admin = new pg.Client({ connectionString: databaseUrl })
  await admin.connect()
  t.teardown(async () => { await admin.end() })
  await until(async () => (await admin.query("SELECT count(*)::int AS n FROM cx_delivery WHERE state <> 'delivered'")).rows[0].n === 0, 'every delivery row delivered')
  // Figures for the README (not asserted: no test asserts speed).
  t.comment(`scale-out: ${expected} events (${TICKETS} tickets × ${PATCHES + 1} changes, written through 2 replicas in ${writesDone - started} ms) delivered by 2 workers on a 3-master Redis Cluster over ${deliveryWindowMs} ms; last delivery ${lastArrival - writesDone} ms after the last write; worker 1 SIGKILLed mid-burst; ${duplicates} redelivered`)
})

async function until (check: () => Promise<boolean>, what: string, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    if (await check()) return
    if (Date.now() > deadline) throw new Error(`${what}: not reached after ${timeoutMs} ms`)
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
}
