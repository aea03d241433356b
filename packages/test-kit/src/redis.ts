import { randomBytes } from 'node:crypto'
import { Queue } from 'bullmq'
import { Redis } from 'ioredis'
import { storeKinds, type StoreKind, type Teardown } from './databases.ts'
import { choiceFromEnv, TEST_REDIS_URL } from './env.ts'

export { TEST_REDIS_URL } from './env.ts'

/** How hub deliveries travel: timers over the outbox in the process, or BullMQ jobs on Redis. */
export type DeliveryRunner = 'in-process' | 'bullmq'

export const DELIVERY_RUNNERS: readonly DeliveryRunner[] = ['in-process', 'bullmq']

/** The runners delivery tests cover: both unless TEST_RUNNERS narrows it; an unknown value throws. */
export function deliveryRunners (): DeliveryRunner[] {
  return choiceFromEnv('TEST_RUNNERS', DELIVERY_RUNNERS)
}

/** A connected client, or an error saying Redis is required (tests fail, never skip, without it). */
export async function connectRedis (url = TEST_REDIS_URL): Promise<Redis> {
  const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, enableOfflineQueue: false })
  client.on('error', () => {})
  try {
    await client.connect()
    await client.ping()
    return client
  } catch (err) {
    client.disconnect()
    throw new Error(`Redis is required for tests at ${url}: ${(err as Error).message}`, { cause: err })
  }
}

/** Deletes every key matching `pattern` (a SCAN pattern such as `cx:hub-abc:*`). */
export async function deleteRedisKeys (pattern: string, url = TEST_REDIS_URL): Promise<void> {
  // A throwaway Redis may be gone by now, and with it the keys.
  const client = await connectRedis(url).catch(() => undefined)
  if (client === undefined) return
  try {
    let cursor = '0'
    do {
      const [next, keys] = await client.scan(cursor, 'MATCH', pattern, 'COUNT', 500)
      if (keys.length > 0) await client.del(...keys)
      cursor = next
    } while (cursor !== '0')
  } finally {
    client.disconnect()
  }
}

/**
 * A BullMQ key prefix of the test's own (`cxtest-` + 8 hex digits) on a Redis that answers,
 * with its keys removed at teardown; for relays started directly in the events tests.
 */
export async function redisPrefix (t: Teardown, url = TEST_REDIS_URL): Promise<string> {
  (await connectRedis(url)).disconnect()
  const prefix = `cxtest-${randomBytes(4).toString('hex')}`
  t.teardown(async () => { await deleteRedisKeys(`${prefix}:*`, url) })
  return prefix
}

/**
 * Server option overrides that make an app deliver through `runner`. Apps keep the relay's
 * default BullMQ prefix (`cx`); their queue is `hub-{queue_id}`, and each test database gets its
 * own random queue_id (events-001 migration), so parallel runs never share a queue. startApp
 * removes the queue's keys when the app is closed.
 */
export async function runnerOverrides (runner: DeliveryRunner): Promise<{ redisUrl?: string }> {
  if (runner === 'in-process') return {}
  ;(await connectRedis()).disconnect()
  return { redisUrl: TEST_REDIS_URL }
}

/** The BullMQ prefix and queue of an app's database, as the relay names them (relay.ts). */
export async function appQueue (db: { query: <R>(sql: string) => Promise<{ rows: R[] }> }): Promise<{ prefix: string, name: string }> {
  const res = await db.query<{ value: string }>("SELECT value FROM cx_events_meta WHERE key = 'queue_id'")
  const id = res.rows[0]?.value
  if (id === undefined) throw new Error('the app database has no queue_id (events migrations not run?)')
  return { prefix: 'cx', name: `hub-${id}` }
}

/** Counts of an app's BullMQ queue: connected workers and jobs waiting (ready or delayed). */
export async function queueState (queue: { prefix: string, name: string }, url = TEST_REDIS_URL): Promise<{ workers: number, waiting: number }> {
  const connection = await connectRedis(url)
  const q = new Queue(queue.name, { connection, prefix: queue.prefix })
  try {
    const [workers, counts] = await Promise.all([q.getWorkersCount(), q.getJobCounts('wait', 'delayed', 'prioritized')])
    return { workers, waiting: Object.values(counts).reduce((a, b) => a + b, 0) }
  } finally {
    await q.close()
    connection.disconnect()
  }
}

/** Every (store, runner) pair a delivery test covers, as narrowed by TEST_STORES and TEST_RUNNERS. */
export function deliveryCases (): Array<{ kind: StoreKind, runner: DeliveryRunner }> {
  return storeKinds().flatMap((kind) => deliveryRunners().map((runner) => ({ kind, runner })))
}
