import { OUTBOX_CHANNEL, type Db } from '@cx/store'
import type { DeliveryConfig } from './config.ts'
import { createDeliveryHandler } from './delivery-handler.ts'
import { fanOutBatch } from './fan-out.ts'
import { deliveryIdsOf, silentLogger, type DeliveryJob, type JobQueue, type Logger } from './job-queue.ts'
import { SubscriptionMatcher, type EventFormatter, type QueryOptions } from './matcher.ts'
import { createBullQueue } from './queue-bullmq.ts'
import { createLocalQueue } from './queue-local.ts'
import { createSender } from './sender.ts'
import { claimDue, claimForRecovery, pruneDelivered } from './sweeper.ts'
import { createTicker, type TickerHandlers } from './ticker.ts'

export interface EventRelay {
  start: () => Promise<void>
  /** Call after a commit that wrote outbox rows: relays them now instead of at the next poll. */
  wake: () => void
  /** Re-drives pending deliveries now (e.g. after a replay) instead of at the next sweep. */
  redrive?: () => void
  /**
   * For /health/ready: `running` once start() has finished and until close(); `queue` false while
   * Redis (when configured) is unreachable.
   */
  status: () => { running: boolean, queue: 'bullmq' | 'local' | 'none', connected: boolean }
  close: () => Promise<void>
}

/** Subscribes to a PostgreSQL NOTIFY channel; resolves to an unsubscribe function. */
export type ListenFn = (channel: string, onNotify: () => void) => Promise<() => Promise<void>>

export interface RelayOptions {
  db: Db
  formatter: EventFormatter
  /** How each API version types its subscription queries (the engine's event paths); untyped without it. */
  queryOptions?: QueryOptions
  config: DeliveryConfig
  /** BullMQ on this Redis; without it the in-process runner delivers. */
  redisUrl?: string | undefined
  /** Consume delivery jobs in this process (default true). The in-process runner always does. */
  runWorkers?: boolean | undefined
  /** Move outbox rows into deliveries in this process (default true); a worker-only process sets false. */
  relayOutbox?: boolean | undefined
  /**
   * The APIs whose outbox rows this relay fans out (default: all). Set it when services with
   * different formatters share one database, so each renders only its own events.
   */
  apis?: readonly string[] | undefined
  logger?: Logger | undefined
  /** Override of the per-database queue name (tests; see cx_events_meta). */
  queueName?: string | undefined
  /** `redisUrl` lists Redis Cluster nodes (comma-separated); keys are hash-tagged per queue. */
  redisCluster?: boolean | undefined
  /** BullMQ key prefix (default `cx`). */
  prefix?: string | undefined
  /** Concurrent deliveries per process (default HUB_CONCURRENCY or 64). */
  concurrency?: number | undefined
  /** Safety-net outbox poll, for writes whose wake-up was missed (default 1000 ms). */
  pollMs?: number | undefined
  /** How often lost or unqueued work is re-driven (default 1000 ms). */
  sweepMs?: number | undefined
  /**
   * How long a queued job is trusted before the sweeper re-adds it (default 2 min). Lost jobs are
   * normally re-driven sooner: at start-up, when Redis reconnects, and when an enqueue fails.
   */
  leaseMs?: number | undefined
  batchSize?: number | undefined
  /** Delivered rows are deleted after this (default 24 h); dead letters are kept. */
  retentionMs?: number | undefined
  /** BullMQ lock of an active job: how soon a killed worker's jobs are taken over (default 15 s). */
  lockDurationMs?: number | undefined
  stalledIntervalMs?: number | undefined
  /** Cross-process wake-ups from `pg_notify('cx_outbox')`; defaults to `db.listen` when the Db has one. */
  listen?: ListenFn | undefined
}

function listenOf (opts: RelayOptions): ListenFn | undefined {
  if (opts.listen !== undefined) return opts.listen
  const candidate = (opts.db as unknown as { listen?: unknown }).listen
  return opts.db.kind === 'postgres' && typeof candidate === 'function' ? (candidate as ListenFn).bind(opts.db) : undefined
}

async function queueNameOf (db: Db): Promise<string> {
  const res = await db.query<{ value: string }>("SELECT value FROM cx_events_meta WHERE key = 'queue_id'")
  const id = res.rows[0]?.value
  if (id === undefined) throw new Error('cx_events_meta has no queue_id: run eventsMigrations before starting the relay')
  return `hub-${id}`
}

const SWEEP_LIMIT = 1000

export function createRelay (opts: RelayOptions): EventRelay {
  const { db, config } = opts
  const logger = opts.logger ?? silentLogger
  const leaseMs = opts.leaseMs ?? 120_000
  const batchSize = opts.batchSize ?? 500
  const relayOutbox = opts.relayOutbox ?? true
  const concurrency = opts.concurrency ?? (Number(process.env.HUB_CONCURRENCY ?? '') || 64)
  const matcher = new SubscriptionMatcher(opts.formatter, (subscriptionId, err) => {
    logger.warn({ err, subscriptionId }, 'hub subscription query no longer parses; it matches nothing')
  }, opts.queryOptions)
  let queue: JobQueue | undefined
  let sender: ReturnType<typeof createSender> | undefined
  let release: (ids: readonly string[]) => Promise<void> = async () => {}
  let unlisten: (() => Promise<void>) | undefined
  let closed = false
  let running = false

  async function enqueue (q: JobQueue, jobs: DeliveryJob[]): Promise<boolean> {
    if (jobs.length === 0) return true
    try {
      await q.add(jobs)
      return true
    } catch (err) {
      logger.warn({ err, count: jobs.length }, 'could not enqueue deliveries; they wait in the database')
      await release(deliveryIdsOf(jobs)).catch(() => {})
      return false
    }
  }

  // A background pass failing is logged once per outage (then at debug while it lasts), and its
  // recovery too; after the database comes back, deliveries whose jobs failed meanwhile are
  // re-added at once instead of when their lease runs out.
  const background = (what: string, level: 'error' | 'warn', onBack?: () => void): TickerHandlers => ({
    onError (err, failures) {
      if (failures === 1) logger[level]({ err }, `${what} failed; retrying with back-off`)
      else logger.debug({ err, failures }, `${what} failed again`)
    },
    onRecovered (failures) {
      logger.info({ failures }, `${what} works again`)
      onBack?.()
    }
  })
  const afterOutage = (): void => { if (!closed) fullSweep.run() }

  // Fan-out: drain the outbox batch by batch. Re-entrant wake-ups coalesce into one more pass.
  const relay = createTicker(async () => {
    if (!relayOutbox || queue === undefined) return
    for (;;) {
      const { relayed, ready } = await fanOutBatch(db, matcher, { batchSize, leaseMs, apis: opts.apis ?? null, logger })
      await enqueue(queue, ready)
      if (relayed < batchSize || closed) return
    }
  }, background('outbox relay pass', 'error', afterOutage))

  async function sweepOnce (): Promise<void> {
    if (queue === undefined) return
    for (;;) {
      const jobs = await claimDue(db, { limit: SWEEP_LIMIT, leaseMs })
      if (!await enqueue(queue, jobs) || jobs.length < SWEEP_LIMIT || closed) return
    }
  }
  async function recover (): Promise<void> {
    if (queue === undefined) return
    let afterId = '0'
    for (;;) {
      const page = await claimForRecovery(db, { limit: SWEEP_LIMIT, leaseMs, afterId })
      if (!await enqueue(queue, page.jobs) || page.lastId === null || closed) return
      afterId = page.lastId
    }
  }
  const sweep = createTicker(sweepOnce, background('delivery sweep', 'error', afterOutage))
  const fullSweep = createTicker(recover, background('delivery recovery sweep', 'error'))
  const prune = createTicker(async () => { await pruneDelivered(db, opts.retentionMs ?? 24 * 3600_000) }, background('delivery pruning', 'warn'))

  return {
    async start () {
      const q = opts.redisUrl === undefined || opts.redisUrl === ''
        ? createLocalQueue({ concurrency, logger })
        : createBullQueue({
          redisUrl: opts.redisUrl,
          cluster: opts.redisCluster === true,
          queueName: opts.queueName ?? await queueNameOf(db),
          prefix: opts.prefix ?? 'cx',
          concurrency,
          lockDurationMs: opts.lockDurationMs ?? 15_000,
          stalledIntervalMs: opts.stalledIntervalMs ?? 5_000,
          addTimeoutMs: 2_000,
          logger
        })
      queue = q
      sender = createSender({ policy: config.policy, timeoutMs: config.timeoutMs })
      const handler = createDeliveryHandler({ db, queue: q, sender, config, leaseMs, logger })
      release = handler.release
      // A job that failed all its retries (the database away meanwhile): its rows go back to the
      // sweeper now; if the database is still away, the recovery sweep after it returns does it.
      q.onGaveUp((job) => { handler.release(deliveryIdsOf([job])).catch(() => {}) })
      if (q.kind === 'local' || opts.runWorkers !== false) q.startWorkers(handler.handle)
      // Redis came back (possibly empty): re-add everything pending rather than wait for leases.
      q.onRecovered(() => fullSweep.run())

      const listen = listenOf(opts)
      if (listen !== undefined && relayOutbox) {
        unlisten = await listen(OUTBOX_CHANNEL, () => relay.run()).catch((err: unknown) => {
          logger.warn({ err }, 'no NOTIFY wake-ups for the outbox relay; polling only')
          return undefined
        })
      }
      relay.every(opts.pollMs ?? 1000)
      sweep.every(opts.sweepMs ?? 1000)
      prune.every(60_000)
      // Start-up after a crash: leases granted by the previous life of this process are void.
      fullSweep.run()
      relay.run()
      running = true
      logger.info({ queue: q.kind, workers: q.kind === 'local' || opts.runWorkers !== false, relayOutbox }, 'event relay started')
    },
    wake () {
      if (!closed) relay.run()
    },
    redrive () {
      if (!closed) sweep.run()
    },
    status: () => ({ running: running && !closed, queue: queue?.kind ?? 'none', connected: queue?.connected() ?? false }),
    async close () {
      closed = true
      for (const t of [relay, sweep, fullSweep, prune]) t.stop()
      await unlisten?.().catch(() => {})
      await Promise.all([relay.idle(), sweep.idle(), fullSweep.idle(), prune.idle()])
      await queue?.close()
      sender?.close()
    }
  }
}
