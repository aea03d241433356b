import { createHash } from 'node:crypto'
import { Queue, Worker, type ConnectionOptions, type Job } from 'bullmq'
import type { Db } from '@cx/store'
import { queuePrefix, redisConnectionSet, settleWithin, withTimeout, type RedisConnectionSet } from '@cx/events'

interface Logger { info: (o: unknown, m?: string) => void, warn: (o: unknown, m?: string) => void }

export interface LoopSchedulerOptions {
  db: Db
  /** One `redis://` URL, or with `cluster` a comma-separated list of Redis Cluster seed nodes. */
  redisUrl: string
  cluster: boolean
  /** BullMQ key prefix (hash-tagged per queue on a cluster, see queuePrefix). */
  prefix: string
  /** The loop's clock (the runner's `now`): a job's delay is its row's time minus `now()`. */
  now: () => Date
  log: Logger
  /**
   * What a fired job does: one pass of the runner (ClosedLoop.runDue), which claims whatever is
   * due under its lease; its result becomes the job's return value.
   */
  runDue: () => Promise<unknown>
  /** How often every future row is re-enqueued (a missed enqueue's safety net), in ms. */
  resyncMs: number
  /** How long one enqueue may wait for Redis, in ms (default 2000). */
  addTimeoutMs?: number
}

/** The times the loop must wake at: an invitation due (`due`), or an invited one expiring (`expiry`). */
export type LoopJobKind = 'due' | 'expiry'

interface LoopJobData { kind: LoopJobKind, invitationId: string, at: number }

/**
 * The BullMQ job id of a wake-up: derived from the invitation id, the kind and the time, so every
 * replica and every duplicate event adds the same job once (BullMQ ignores an add whose id
 * exists); a retry moved to a new `due_at` gets a job of its own. Hashed, as invitation ids hold
 * `|` and `/` and BullMQ refuses `:` in custom ids.
 */
export function loopJobId (kind: LoopJobKind, invitationId: string, at: Date | number): string {
  const ms = typeof at === 'number' ? at : at.getTime()
  return `${kind}-${createHash('sha256').update(`${invitationId}\n${ms}`).digest('hex').slice(0, 32)}`
}

/** The loop's BullMQ queue of a cx database: one per database (its events queue_id), like the relay's hub queue. */
export async function loopQueueName (db: Db): Promise<string> {
  const id = (await db.query<{ value: string }>("SELECT value FROM cx_events_meta WHERE key = 'queue_id'")).rows[0]?.value
  if (id === undefined) throw new Error('cx_events_meta has no queue_id: the events migrations have not run')
  return `loop-${id}`
}

// Completed jobs are kept a while (their return value is the pass they ran), bounded.
const KEEP_COMPLETED = { age: 86_400, count: 1000 }
// A job that fires before its time by this replica's clock (clock skew) fails and is retried.
const EARLY_RETRIES = { attempts: 6, backoff: { type: 'exponential', delay: 1000 } } as const
const LOCK_MS = 120_000

/**
 * The closed loop's wake-ups on Redis, used when cx has a Redis URL. cx_loop_invitation stays the
 * durable queue and the runner's claim (`FOR UPDATE SKIP LOCKED` + lease) the only place that
 * decides and acts, so invitations are created once whatever the jobs do; a BullMQ delayed job per
 * future time (an invitation's `due_at`, an invited one's `expires_at`) only makes some replica
 * run a pass at that time, across restarts (the job waits in Redis) and replicas (one worker takes
 * it). Jobs are added after the projection's transaction commits, by `sync()` (on every wake, at
 * start and every `resyncMs`), never inside it: an add lost to a crash or a Redis outage is
 * made by the next sync.
 */
export class LoopScheduler {
  private queue: Queue<LoopJobData> | undefined
  private worker: Worker<LoopJobData> | undefined
  private connections: RedisConnectionSet | undefined
  private producer: ReturnType<RedisConnectionSet['open']> | undefined
  // Jobs this process added (id → time), so a wake re-reads the table but adds only new rows.
  private readonly added = new Map<string, number>()
  private timer: NodeJS.Timeout | undefined
  private pending: NodeJS.Timeout | undefined
  // Syncs run one after another (a wake's and the periodic one may overlap).
  private syncs: Promise<unknown> = Promise.resolve()
  private redisDown = false
  private closed = false

  constructor (private readonly opts: LoopSchedulerOptions) {}

  /**
   * Opens the queue and its worker, adds the jobs of every future row and re-adds them every
   * `resyncMs` and when Redis is back after an outage. Resolves without waiting for Redis (an outage is logged, the next sync catches up).
   */
  async start (): Promise<void> {
    const name = await loopQueueName(this.opts.db)
    const prefix = queuePrefix(this.opts.prefix, name, this.opts.cluster)
    // The producer fails fast while Redis is down (the rows are the buffer); the worker blocks on
    // Redis, which BullMQ wants retried forever. One set, closed together: a close while Redis is
    // unreachable still ends every connection.
    this.connections = redisConnectionSet(this.opts.redisUrl, this.opts.cluster)
    this.producer = this.connections.open({ enableOfflineQueue: false, maxRetriesPerRequest: 1 })
    const consumer = this.connections.open({ maxRetriesPerRequest: null })
    const down = (err: unknown): void => {
      if (!this.redisDown) this.opts.log.warn({ err }, 'closed loop: Redis unavailable, due work waits for the next poll')
      this.redisDown = true
    }
    this.producer.on('error', down)
    consumer.on('error', down)
    this.producer.on('ready', () => {
      // Back after an outage (or a Redis that lost its data): every job again, now.
      if (this.redisDown) this.schedule(0)
      this.redisDown = false
    })
    // Two copies of ioredis may be installed (cx's bullmq and @cx/events): BullMQ takes any client.
    this.queue = new Queue<LoopJobData>(name, { connection: this.producer as unknown as ConnectionOptions, prefix })
    this.queue.on('error', down)
    this.worker = new Worker<LoopJobData>(name, async (job) => await this.fire(job), {
      connection: consumer as unknown as ConnectionOptions, prefix, concurrency: 1, lockDuration: LOCK_MS, maxStalledCount: 5
    })
    this.worker.on('error', down)
    this.worker.on('failed', (job, err) => { if (job !== undefined && job.attemptsMade >= (job.opts.attempts ?? 1)) this.opts.log.warn({ err, jobId: job.id }, 'closed loop: wake-up job failed') })
    this.schedule(0)
  }

  /** Asks for a sync soon (the projection committed something); wakes within 50 ms are coalesced. */
  wake (): void {
    if (this.closed || this.pending !== undefined) return
    this.pending = setTimeout(() => {
      this.pending = undefined
      this.sync().catch(() => undefined)
    }, 50)
    this.pending.unref()
  }

  /**
   * Adds a delayed job for every future time of the table: those this process has not added yet,
   * or with `full` every one again (BullMQ ignores the ids it holds; other replicas' adds collapse
   * the same way). Returns how many were added.
   * @throws when the table cannot be read or Redis refuses or times out (nothing is lost: the rows stay).
   */
  async sync (full = false): Promise<number> {
    const run = this.syncs.catch(() => undefined).then(async () => await this.addFuture(full))
    this.syncs = run
    return await run
  }

  private async addFuture (full: boolean): Promise<number> {
    const queue = this.queue
    if (queue === undefined || this.closed) return 0
    if (full) this.added.clear()
    const now = this.opts.now().getTime()
    const rows = (await this.opts.db.query<{ kind: LoopJobKind, id: string, at: Date }>(
      `SELECT 'due' AS kind, id, due_at AS at FROM cx_loop_invitation WHERE state = 'scheduled' AND due_at > $1
       UNION ALL SELECT 'expiry', id, expires_at FROM cx_loop_invitation WHERE state = 'invited' AND expires_at > $1`,
      [new Date(now)], { name: 'cx-loop-future' })).rows
    for (const [id, at] of this.added) if (at <= now) this.added.delete(id)
    const fresh = rows.map((r) => ({ ...r, at: new Date(r.at).getTime() }))
      .map((r) => ({ ...r, jobId: loopJobId(r.kind, r.id, r.at) }))
      .filter((r) => !this.added.has(r.jobId))
    if (fresh.length === 0) return 0
    if (this.producer?.status !== 'ready') throw new Error(`Redis is ${String(this.producer?.status)}`)
    const bulk = fresh.map((r) => ({
      name: r.kind,
      data: { kind: r.kind, invitationId: r.id, at: r.at },
      opts: { jobId: r.jobId, delay: Math.max(0, r.at - now), removeOnComplete: KEEP_COMPLETED, removeOnFail: KEEP_COMPLETED, ...EARLY_RETRIES }
    }))
    await withTimeout(queue.addBulk(bulk), this.opts.addTimeoutMs ?? 2000, 'closed loop enqueue')
    for (const r of fresh) this.added.set(r.jobId, r.at)
    return fresh.length
  }

  /** A job's time came: one pass, whose result the job keeps; then the rows the pass moved on get their jobs. */
  private async fire (job: Job<LoopJobData>): Promise<unknown> {
    const late = this.opts.now().getTime() - job.data.at
    // Fired early by this replica's clock: the pass would find nothing, so BullMQ retries later.
    if (late < 0) throw new Error(`wake-up ${String(job.id)} ${-late} ms early`)
    const pass = await this.opts.runDue()
    this.wake()
    return pass
  }

  private schedule (ms: number): void {
    clearTimeout(this.timer)
    if (this.closed) return
    this.timer = setTimeout(() => {
      this.sync(true)
        .catch((err: unknown) => this.opts.log.warn({ err }, 'closed loop: wake-up jobs not added, retried at the next sync'))
        .finally(() => this.schedule(this.opts.resyncMs))
    }, ms)
    this.timer.unref()
  }

  /**
   * Stops syncing and closes the worker (an active pass gets a few seconds) and the queue; with
   * Redis unreachable BullMQ would wait for it forever, so every wait is bounded and the
   * connections are cut after it (the jobs stay in Redis, the rows in the table).
   */
  async close (): Promise<void> {
    this.closed = true
    clearTimeout(this.timer)
    clearTimeout(this.pending)
    await settleWithin(this.syncs, 2000)
    // Not started: nothing to close. Else the set cuts every connection after the bounded closes.
    await this.connections?.close(async () => {
      await settleWithin(this.worker?.close(), 5000)
      await settleWithin(this.queue?.close(), 1000)
    })
  }
}
