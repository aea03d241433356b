import { randomBytes, randomUUID } from 'node:crypto'
import { spawn } from 'node:child_process'
import { appendToOutbox, coreMigrations, migrate, type Db } from '@cx/store'
import { createHubStore } from './hub-store.ts'
import { createRelay } from './relay.ts'
import { eventsMigrations } from './schema.ts'

export interface BenchEventsOptions {
  db: Db
  redisUrl?: string | undefined
  /** Resource changes to write (one event each). */
  events: number
  /** Subscriptions, each on its own local listener. */
  subscriptions: number
  /**
   * Offered load in events/s (default 1200). Writers are paced, so latency is measured at a
   * sustained rate rather than on a backlog; eventsPerSecond shows whether it was sustained.
   */
  rate?: number | undefined
  /**
   * Concurrent writers (default 12): one write transaction each at a time, like API requests.
   * The Db's pool needs room for them plus the relay (maxConnections ≥ writers + 12).
   */
  writers?: number | undefined
  /**
   * Deliver from this process (default true). False when delivery workers run as their own
   * processes (`pnpm --filter @cx/events worker` on the same database and Redis).
   */
  runWorkers?: boolean | undefined
  /** BullMQ key prefix (default `cx`, the relay's). */
  prefix?: string | undefined
  /** Give up waiting for callbacks after this (default 120 s). */
  timeoutMs?: number | undefined
}

export interface BenchEventsResult {
  /** Events delivered to every subscription per second, first write to last callback. */
  eventsPerSecond: number
  /** Create → callback latency over all deliveries. */
  p50Ms: number
  p99Ms: number
  /** Callbacks received (events × subscriptions when nothing is lost). */
  delivered: number
}

// The subscribers' listeners run in a child process, as partners' systems would: in this process
// they would compete with the relay for its one JavaScript thread. Plain JS, so it needs no loader.
const LISTENER_PROCESS = `
const http = require('node:http')
const seen = []
let count = 0
const now = () => performance.timeOrigin + performance.now()
async function main () {
  const n = Number(process.argv[1])
  const ports = []
  for (let i = 0; i < n; i++) {
    const server = http.createServer((req, res) => {
      const at = now()
      const id = req.headers['x-event-id']
      req.resume()
      req.on('end', () => { seen.push(id, at); count++; res.statusCode = 204; res.end() })
    })
    server.keepAliveTimeout = 30000
    await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
    ports.push(server.address().port)
  }
  process.stdout.write(JSON.stringify({ ports }) + '\\n')
  let last = -1
  setInterval(() => { if (count !== last) { last = count; process.stdout.write(JSON.stringify({ count }) + '\\n') } }, 20)
  process.stdin.on('data', () => { process.stdout.write(JSON.stringify({ seen }) + '\\n', () => process.exit(0)) })
}
main()
`

interface ListenerProcess { urls: string[], count: () => number, results: () => Promise<Array<string | number>>, kill: () => void }

async function startListeners (n: number): Promise<ListenerProcess> {
  const child = spawn(process.execPath, ['-e', LISTENER_PROCESS, String(n)], { stdio: ['pipe', 'pipe', 'inherit'] })
  let count = 0
  let buffer = ''
  let onPorts: (ports: number[]) => void = () => {}
  let onSeen: (seen: Array<string | number>) => void = () => {}
  child.stdout.on('data', (chunk: Buffer) => {
    buffer += chunk.toString('utf8')
    let nl = buffer.indexOf('\n')
    while (nl >= 0) {
      const msg = JSON.parse(buffer.slice(0, nl)) as { ports?: number[], count?: number, seen?: Array<string | number> }
      buffer = buffer.slice(nl + 1)
      if (msg.ports !== undefined) onPorts(msg.ports)
      if (msg.count !== undefined) count = msg.count
      if (msg.seen !== undefined) onSeen(msg.seen)
      nl = buffer.indexOf('\n')
    }
  })
  const ports = await new Promise<number[]>((resolve, reject) => {
    onPorts = resolve
    child.once('exit', (code) => {
      reject(new Error(`listener process exited with ${String(code)}`))
      onSeen([])
    })
  })
  return {
    urls: ports.map((p) => `http://127.0.0.1:${p}/listener`),
    count: () => count,
    results: async () => await new Promise((resolve) => { onSeen = resolve; child.stdin.write('dump\n') }),
    kill: () => { child.kill() }
  }
}

function percentile (sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN
  return sorted[Math.min(sorted.length - 1, Math.ceil(p / 100 * sorted.length) - 1)] ?? Number.NaN
}

/**
 * The events benchmark: `events` resource changes written through the outbox in small
 * transactions (several writers, paced at `rate`), `subscriptions` local listeners (in a child
 * process) subscribed, the relay (BullMQ when redisUrl is set) delivering in this process unless
 * runWorkers is false. Latency runs from just
 * before the write transaction to the listener receiving the callback; each envelope also
 * carries its creation time (`eventTime`). The bench works under an API name of its own and
 * removes its subscriptions, deliveries and outbox rows afterwards.
 */
export async function benchEvents (opts: BenchEventsOptions): Promise<BenchEventsResult> {
  const { db } = opts
  await migrate(db, [...coreMigrations, ...eventsMigrations])
  const api = `bench${randomBytes(4).toString('hex')}`
  const now = (): number => performance.timeOrigin + performance.now()
  const createdAt = new Map<string, number>()
  const expected = opts.events * opts.subscriptions
  const listeners = await startListeners(opts.subscriptions)
  const hubs = createHubStore(db)
  for (const url of listeners.urls) {
    await hubs.create({ api, version: 'v5', callback: url, query: null, ownerPartner: null, secret: 'bench-secret' })
  }
  const relay = createRelay({
    db,
    formatter: (envelope) => envelope,
    config: { maxAttempts: 10, retryBaseMs: 1000, timeoutMs: 5000, policy: { mode: 'embedded', allowHosts: [] } },
    ...(opts.redisUrl === undefined ? {} : { redisUrl: opts.redisUrl }),
    runWorkers: opts.runWorkers ?? true,
    ...(opts.prefix === undefined ? {} : { prefix: opts.prefix }),
    // Only the bench's own events: whatever else waits in this database is not ours to render.
    apis: [api]
  })
  await relay.start()

  const rate = opts.rate ?? 1200
  const writers = opts.writers ?? 12
  // Each resource changes about four times over the run, so per-resource ordering is exercised.
  const resources = Math.max(1, Math.floor(opts.events / 4))
  let next = 0
  const t0 = now()
  const writer = async (): Promise<void> => {
    for (;;) {
      const i = next++
      if (i >= opts.events) return
      // Pacing: event i is due at t0 + i / rate.
      const wait = t0 + i * 1000 / rate - now()
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait))
      const eventId = randomUUID()
      const resourceId = `B${i % resources}`
      const at = now()
      const eventType = i < resources ? 'BenchTicketCreateEvent' : 'BenchTicketAttributeValueChangeEvent'
      createdAt.set(eventId, at)
      await db.transaction(async (tx) => {
        await appendToOutbox(tx, [{
          eventId,
          api,
          resourceType: 'troubleTicket',
          resourceId,
          eventType,
          parties: ['bench-partner'],
          payload: {
            '@type': eventType,
            '@baseType': 'Event',
            eventId,
            eventTime: new Date(at).toISOString(),
            timeOccurred: new Date(at).toISOString(),
            eventType,
            domain: api,
            title: eventType,
            event: { troubleTicket: { id: resourceId, href: `/bench/${resourceId}`, '@type': 'TroubleTicket', seq: i, status: 'inProgress' } }
          }
        }])
      })
      relay.wake()
    }
  }
  let seen: Array<string | number> = []
  try {
    await Promise.all(Array.from({ length: writers }, writer))
    const deadline = Date.now() + (opts.timeoutMs ?? 120_000)
    while (listeners.count() < expected && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20))
    seen = await listeners.results()
  } finally {
    listeners.kill()
    await relay.close()
    await db.query('DELETE FROM cx_hub WHERE api = $1', [api])
    await db.query('DELETE FROM cx_outbox WHERE api = $1', [api])
  }

  const latencies: number[] = []
  const perEvent = new Map<string, number>()
  let complete = 0
  let lastCallback = t0
  for (let i = 0; i + 1 < seen.length; i += 2) {
    const eventId = String(seen[i])
    const at = Number(seen[i + 1])
    const start = createdAt.get(eventId)
    if (start === undefined) continue
    latencies.push(at - start)
    const n = (perEvent.get(eventId) ?? 0) + 1
    perEvent.set(eventId, n)
    if (n === opts.subscriptions) complete++
    lastCallback = Math.max(lastCallback, at)
  }
  const sorted = latencies.sort((a, b) => a - b)
  return {
    eventsPerSecond: Math.round(complete / ((lastCallback - t0) / 1000)),
    p50Ms: Math.round(percentile(sorted, 50) * 10) / 10,
    p99Ms: Math.round(percentile(sorted, 99) * 10) / 10,
    delivered: latencies.length
  }
}
