import { Queue, Worker } from 'bullmq'
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

  constructor (private readonly watcher: SlaWatcher, private readonly log: SchedulerLogger) {}

  async start (): Promise<void> { this.run() }

  moved (due: ReadonlyMap<string, Date | null>): void {
    const soonest = Math.min(...[...due.values()].filter((d): d is Date => d !== null).map((d) => d.getTime()))
    if (Number.isFinite(soonest) && soonest - this.watcher.now.getTime() < MAX_IDLE_MS) this.run()
  }

  private run (): void {
    if (this.stopped) return
    if (this.running !== undefined) { this.again = true; return }
    if (this.timer !== undefined) clearTimeout(this.timer)
    this.running = (async () => {
      let wait = MAX_IDLE_MS
      try {
        await this.watcher.tick()
        const next = await this.watcher.nextDue()
        if (next !== undefined) wait = Math.max(0, Math.min(MAX_IDLE_MS, next.getTime() - this.watcher.now.getTime()))
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

/**
 * With Redis: one BullMQ delayed job per deadline (job id = clock id and due time, so a deadline
 * is queued once and a moved one gets a new job; the old one finds nothing due and does nothing).
 * A round over the table every MAX_IDLE_MS attaches new SLAs and fires what a lost job missed, so
 * Redis going away only delays. At start every stored deadline is queued again.
 */
export class BullDeadlineScheduler implements DeadlineScheduler {
  private readonly queue: Queue
  private readonly worker: Worker
  private readonly fallback: TimerScheduler
  private readonly log: SchedulerLogger

  constructor (private readonly watcher: SlaWatcher, opts: { redisUrl: string, queueName: string, log: SchedulerLogger }) {
    this.log = opts.log
    const connection = { url: opts.redisUrl, maxRetriesPerRequest: null }
    this.queue = new Queue(opts.queueName, { connection, defaultJobOptions: { removeOnComplete: true, removeOnFail: 1000 } })
    this.worker = new Worker(opts.queueName, async (job) => { await watcher.fireClock(String((job.data as { clockId: string }).clockId)) }, { connection, concurrency: 16, autorun: false })
    this.queue.on('error', (err) => { opts.log.warn({ err }, 'sla deadlines: Redis unavailable, the timer covers') })
    this.worker.on('error', (err) => { opts.log.warn({ err }, 'sla deadlines: Redis unavailable, the timer covers') })
    // The safety round: the same timer as without Redis, with deadlines a little overdue only.
    this.fallback = new TimerScheduler(watcher, opts.log)
  }

  async start (): Promise<void> {
    const rows = await this.watcher.allDeadlines()
    await this.enqueue(rows)
    this.worker.run().catch((err: unknown) => { this.log.error({ err }, 'sla deadlines: the job worker stopped') })
    await this.fallback.start()
  }

  moved (due: ReadonlyMap<string, Date | null>): void {
    const rows = [...due].flatMap(([clockId, at]) => at === null ? [] : [{ clockId, due: at }])
    this.enqueue(rows).catch(() => { /* the safety round fires it */ })
  }

  private async enqueue (rows: ReadonlyArray<{ clockId: string, due: Date }>): Promise<void> {
    const now = this.watcher.now.getTime()
    for (let i = 0; i < rows.length; i += 1000) {
      await this.queue.addBulk(rows.slice(i, i + 1000).map((r) => ({
        name: 'deadline',
        data: { clockId: r.clockId },
        opts: { jobId: `${r.clockId}-${r.due.getTime()}`, delay: Math.max(0, r.due.getTime() - now) }
      })))
    }
  }

  async stop (): Promise<void> {
    await this.fallback.stop()
    await this.worker.close()
    await this.queue.close()
  }
}
