import { Queue, Worker } from 'bullmq'
import { queuePrefix, redisConnectionSet, settleWithin, withTimeout, type RedisConnectionSet } from '@cx/events'
import type { SlaWatcher } from './watcher.ts'

export interface SchedulerLogger { warn: (obj: object, msg: string) => void, error: (obj: object, msg: string) => void }

/**
 * Fires the deadlines of sla_deadline on time. Both kinds recompute from the table at start, so
 * a deadline that passed while the service was down fires at once after a restart.
 */
export interface DeadlineScheduler {
  start: () => Promise<void>
  /** Deadlines were written (committed): reschedule. `due` are the new ones, by clock id. */
  moved: (due: ReadonlyMap<string, Date | null>) => void
  stop: () => Promise<void>
}

/** Longest wait between two looks at the table (new SLAs to attach, deadlines another process wrote). */
export const MAX_IDLE_MS = 1000

/**
 * Without Redis: one timer set to the earliest deadline of the table (at most MAX_IDLE_MS away),
 * which fires every due row and sets itself again. Uses the real clock for waiting only; what is
 * due is decided by the watcher's clock.
 */
export class TimerScheduler implements DeadlineScheduler {
  private timer: NodeJS.Timeout | undefined
  private running: Promise<void> | undefined
  private stopped = false
  private again = false

  private readonly roundMs: number
  private readonly followDeadlines: boolean

  /**
   * @param opts.roundMs longest wait between two rounds (default MAX_IDLE_MS)
   * @param opts.followDeadlines wake up for the earliest deadline (default true); false when
   *   another mechanism fires deadlines on time and this is only the safety round.
   */
  constructor (private readonly watcher: SlaWatcher, private readonly log: SchedulerLogger, opts: { roundMs?: number, followDeadlines?: boolean } = {}) {
    this.roundMs = opts.roundMs ?? MAX_IDLE_MS
    this.followDeadlines = opts.followDeadlines ?? true
  }

  async start (): Promise<void> { this.run() }

  moved (due: ReadonlyMap<string, Date | null>): void {
    if (!this.followDeadlines) return
    const soonest = Math.min(...[...due.values()].filter((d): d is Date => d !== null).map((d) => d.getTime()))
    if (Number.isFinite(soonest) && soonest - this.watcher.now.getTime() < this.roundMs) this.run()
  }

  private run (): void {
    if (this.stopped) return
    if (this.running !== undefined) { this.again = true; return }
    if (this.timer !== undefined) clearTimeout(this.timer)
    this.running = (async () => {
      let wait = this.roundMs
      try {
        await this.watcher.tick()
        const next = this.followDeadlines ? await this.watcher.nextDue() : undefined
        if (next !== undefined) wait = Math.max(0, Math.min(this.roundMs, next.getTime() - this.watcher.now.getTime()))
      } catch (err) {
        this.log.error({ err }, 'sla deadlines: a round failed; retrying')
      }
      return wait
    })().then((wait) => {
      this.running = undefined
      if (this.stopped) return
      if (this.again) { this.again = false; this.run(); return }
      this.timer = setTimeout(() => { this.run() }, wait)
      this.timer.unref()
    })
  }

  async stop (): Promise<void> {
    this.stopped = true
    if (this.timer !== undefined) clearTimeout(this.timer)
    await this.running
  }
}

export interface BullDeadlineOptions {
  /** One `redis://` URL, or with `redisCluster` the comma-separated seed nodes of a Redis Cluster. */
  redisUrl: string
  redisCluster?: boolean | undefined
  queueName: string
  /** BullMQ key prefix (hash-tagged per queue on a cluster, see queuePrefix). */
  prefix: string
  log: SchedulerLogger
  /** Interval of the safety round over the table (default MAX_IDLE_MS). */
  safetyRoundMs?: number
}

/** How long a batch of jobs may wait for Redis before the safety round is left to fire them. */
const ENQUEUE_TIMEOUT_MS = 5000

/**
 * With Redis: one BullMQ delayed job per deadline (job id = clock id and due time, so a deadline
 * is queued once and a moved one gets a new job; the old one finds nothing due and does nothing).
 * A round over the table every `safetyRoundMs` attaches new SLAs and fires what a lost job
 * missed, so Redis going away only delays. At start every stored deadline is queued again.
 * Connections go through redisConnection (single Redis or cluster) and are all cut at stop, so
 * stopping during a Redis outage ends (see redisConnectionSet).
 */
export class BullDeadlineScheduler implements DeadlineScheduler {
  private readonly queue: Queue
  private readonly worker: Worker
  private readonly producer: ReturnType<RedisConnectionSet['open']>
  private readonly connections: RedisConnectionSet
  private readonly fallback: TimerScheduler
  private readonly log: SchedulerLogger
  private down = false
  private started = false
  private stopped = false

  constructor (private readonly watcher: SlaWatcher, opts: BullDeadlineOptions) {
    this.log = opts.log
    const cluster = opts.redisCluster === true
    const prefix = queuePrefix(opts.prefix, opts.queueName, cluster)
    this.connections = redisConnectionSet(opts.redisUrl, cluster)
    // Enqueueing fails fast while Redis is away (the safety round covers); the worker blocks on
    // Redis, which BullMQ requires to retry forever (maxRetriesPerRequest null).
    this.producer = this.connections.open({ enableOfflineQueue: false, maxRetriesPerRequest: 1 })
    const consumer = this.connections.open({ maxRetriesPerRequest: null })
    const unavailable = (err: unknown): void => {
      if (!this.down) opts.log.warn({ err }, 'sla deadlines: Redis unavailable, the timer covers')
      this.down = true
    }
    this.producer.on('error', unavailable)
    consumer.on('error', unavailable)
    // Every (re)connection queues every stored deadline again (job ids make that idempotent): at
    // start, and after an outage in which Redis may have lost its jobs.
    this.producer.on('ready', () => {
      this.down = false
      this.requeue()
    })
    this.queue = new Queue(opts.queueName, { connection: this.producer, prefix, defaultJobOptions: { removeOnComplete: true, removeOnFail: 1000 } })
    this.worker = new Worker(opts.queueName, async (job) => { await watcher.fireClock(String((job.data as { clockId: string }).clockId)) }, { connection: consumer, prefix, concurrency: 16, autorun: false })
    this.queue.on('error', unavailable)
    this.worker.on('error', unavailable)
    // The safety round: the same timer as without Redis, at a fixed interval only.
    this.fallback = new TimerScheduler(watcher, opts.log, { roundMs: opts.safetyRoundMs ?? MAX_IDLE_MS, followDeadlines: false })
  }

  async start (): Promise<void> {
    this.started = true
    if (this.producer.status === 'ready') this.requeue()
    this.worker.run().catch((err: unknown) => { this.log.error({ err }, 'sla deadlines: the job worker stopped') })
    await this.fallback.start()
  }

  /** Queues every stored deadline; while Redis is away the safety round fires them instead. */
  private requeue (): void {
    if (!this.started || this.stopped) return
    this.watcher.allDeadlines().then(async (rows) => { await this.enqueue(rows) }).catch((err: unknown) => {
      this.log.warn({ err }, 'sla deadlines: could not queue the stored deadlines, the timer covers')
    })
  }

  moved (due: ReadonlyMap<string, Date | null>): void {
    const rows = [...due].flatMap(([clockId, at]) => at === null ? [] : [{ clockId, due: at }])
    this.enqueue(rows).catch(() => { /* the safety round fires it */ })
  }

  private async enqueue (rows: ReadonlyArray<{ clockId: string, due: Date }>): Promise<void> {
    const now = this.watcher.now.getTime()
    for (let i = 0; i < rows.length; i += 1000) {
      if (this.producer.status !== 'ready') throw new Error(`Redis is ${this.producer.status}`)
      await withTimeout(this.queue.addBulk(rows.slice(i, i + 1000).map((r) => ({
        name: 'deadline',
        data: { clockId: r.clockId },
        opts: { jobId: `${r.clockId}-${r.due.getTime()}`, delay: Math.max(0, r.due.getTime() - now) }
      }))), ENQUEUE_TIMEOUT_MS, 'sla deadlines enqueue')
    }
  }

  async stop (): Promise<void> {
    this.stopped = true
    await this.fallback.stop()
    // Running jobs get a few seconds; with Redis unreachable BullMQ's close would wait forever.
    await this.connections.close(async () => {
      await settleWithin(this.worker.close(), 5000)
      await settleWithin(this.queue.close(), 1000)
    })
  }
}
