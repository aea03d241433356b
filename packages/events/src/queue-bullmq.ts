import { Queue, Worker } from 'bullmq'
import { redisConnectionSet, settleWithin, withTimeout } from './redis-connection-set.ts'
import { jobIdOf, type DeliveryJob, type JobHandler, type JobQueue, type Logger } from './job-queue.ts'

export interface BullQueueOptions {
  redisUrl: string
  /**
   * `redisUrl` is a comma-separated list of Redis Cluster nodes. Every key of one queue then
   * carries the hash tag `{prefix:queueName}`, so BullMQ's multi-key scripts stay on one slot
   * (Redis Cluster spec, "Hash tags") while different queues spread over the masters.
   */
  cluster?: boolean
  queueName: string
  prefix: string
  concurrency: number
  /** Lock of an active job; a worker killed mid-job has its jobs taken over after this (BullMQ stalled check). */
  lockDurationMs: number
  stalledIntervalMs: number
  /** How long an enqueue may wait for Redis before the caller falls back on the sweeper. */
  addTimeoutMs: number
  logger: Logger
}

/** Compact: [deliveryId, generation, attempt] per attempt. */
const INFRA_RETRIES = { attempts: 4, backoff: { type: 'exponential', delay: 1000 } } as const

interface JobData { r: Array<[string, number, number]> }

/** Logs a failing connection once per outage instead of once per reconnect attempt. */
function outageLogger (logger: Logger, what: string): { error: (err: unknown) => void, ok: () => void } {
  let down = false
  return {
    error (err) {
      if (!down) logger.warn({ err }, `${what}: Redis unavailable, deliveries wait in the database`)
      down = true
    },
    ok () {
      if (down) logger.info(`${what}: Redis is back`)
      down = false
    }
  }
}

/** The BullMQ key prefix of a queue: hash-tagged per queue on a Redis Cluster, as given otherwise. */
export function queuePrefix (prefix: string, queueName: string, cluster: boolean): string {
  return cluster ? `{${prefix}:${queueName}}` : prefix
}

export function createBullQueue (opts: BullQueueOptions): JobQueue {
  const prefix = queuePrefix(opts.prefix, opts.queueName, opts.cluster === true)
  // Every connection of the queue, BullMQ's duplicates for the workers included, ends at close.
  const connections = redisConnectionSet(opts.redisUrl, opts.cluster === true)
  // Producer side fails fast while Redis is down (no offline queue): the delivery rows are the
  // buffer, and the sweeper re-adds their jobs when Redis returns.
  const producer = connections.open({ enableOfflineQueue: false, maxRetriesPerRequest: 1, lazyConnect: false })
  const queue = new Queue<JobData>(opts.queueName, { connection: producer, prefix })
  const producerLog = outageLogger(opts.logger, 'hub queue')
  const recovered: Array<() => void> = []
  const gaveUp: Array<(job: DeliveryJob) => void> = []
  let everReady = false
  let worker: Worker<JobData> | undefined

  producer.on('error', producerLog.error)
  queue.on('error', producerLog.error)
  producer.on('ready', () => {
    producerLog.ok()
    // ioredis says 'ready' on every (re)connection; all but the first follow an outage.
    if (everReady) for (const fn of recovered) fn()
    everReady = true
  })

  async function add (jobs: readonly DeliveryJob[]): Promise<void> {
    if (jobs.length === 0) return
    if (producer.status !== 'ready') throw new Error(`Redis is ${producer.status}`)
    const bulk = jobs.map((j) => ({
      name: 'deliver',
      data: { r: j.refs.map((x): [string, number, number] => [x.deliveryId, x.generation, x.attempt]) },
      // BullMQ's own retries are for infrastructure failures only (the database unreachable while
      // recording): HTTP failures are recorded by the handler and retried as new attempts.
      opts: { jobId: jobIdOf(j), delay: j.delayMs, removeOnComplete: true, removeOnFail: true, ...INFRA_RETRIES }
    }))
    await withTimeout(queue.addBulk(bulk), opts.addTimeoutMs, 'enqueue')
  }

  function startWorkers (handler: JobHandler): void {
    if (worker !== undefined) return
    // Workers block on Redis, which BullMQ requires to be retried forever (maxRetriesPerRequest null).
    const workerConnection = connections.open({ maxRetriesPerRequest: null })
    const workerLog = outageLogger(opts.logger, 'hub worker')
    workerConnection.on('error', workerLog.error)
    workerConnection.on('ready', workerLog.ok)
    worker = new Worker<JobData>(opts.queueName, async (job) => {
      await handler({ refs: job.data.r.map(([deliveryId, generation, attempt]) => ({ deliveryId, generation, attempt })), delayMs: 0 })
    }, {
      connection: workerConnection,
      prefix,
      concurrency: opts.concurrency,
      lockDuration: opts.lockDurationMs,
      stalledInterval: opts.stalledIntervalMs,
      maxStalledCount: 5
    })
    worker.on('error', workerLog.error)
    worker.on('failed', (job, err) => {
      // Only infrastructure failures get here (HTTP failures are recorded by the handler), once
      // per failed attempt; after the last one the rows are handed back (onGaveUp).
      opts.logger.warn({ err, jobId: job?.id }, 'hub delivery job failed')
      // 'failed' is emitted for every failed attempt; only the last one ends the job.
      if (job !== undefined && job.attemptsMade >= (job.opts.attempts ?? 1)) {
        const refs = job.data.r.map(([deliveryId, generation, attempt]) => ({ deliveryId, generation, attempt }))
        for (const fn of gaveUp) fn({ refs, delayMs: 0 })
      }
    })
  }

  return {
    kind: 'bullmq',
    add,
    startWorkers,
    onRecovered (fn) { recovered.push(fn) },
    onGaveUp (fn) { gaveUp.push(fn) },
    connected: () => producer.status === 'ready',
    async close () {
      // Active jobs get a few seconds to finish; with Redis unreachable BullMQ's close would wait
      // for it forever, so every connection is cut after that either way (the rows stay pending).
      await connections.close(async () => {
        await settleWithin(worker?.close(), 5000)
        await settleWithin(queue.close(), 1000)
      })
    }
  }
}
