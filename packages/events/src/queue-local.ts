import { jobIdOf, type DeliveryJob, type JobHandler, type JobQueue, type Logger } from './job-queue.ts'

/**
 * The in-process runner (no REDIS_URL): timers for back-off and a concurrency limit, nothing
 * more. It needs no durability of its own because the delivery rows are the durable part: after a
 * crash the relay's start-up sweep re-adds every pending delivery.
 */
export function createLocalQueue (opts: { concurrency: number, logger: Logger }): JobQueue {
  const known = new Map<string, NodeJS.Timeout | null>()
  const failures = new Map<string, number>()
  const ready: DeliveryJob[] = []
  const running = new Set<Promise<void>>()
  const gaveUp: Array<(job: DeliveryJob) => void> = []
  let handler: JobHandler | undefined
  let closed = false

  function pump (): void {
    if (closed || handler === undefined) return
    const h = handler
    while (running.size < opts.concurrency && ready.length > 0) {
      const job = ready.shift() as DeliveryJob
      const id = jobIdOf(job)
      let retryIn = 0
      const run = h(job)
        .then(() => { failures.delete(id) })
        .catch((err: unknown) => {
          // Infrastructure trouble (the database unreachable while recording): a few spaced
          // retries, as BullMQ does, before leaving the rows to the sweeper.
          const n = (failures.get(id) ?? 0) + 1
          failures.set(id, n)
          opts.logger.error({ err, jobId: id, failures: n }, 'delivery job failed')
          if (n < 4) retryIn = 1000 * 2 ** (n - 1)
          else {
            failures.delete(id)
            for (const fn of gaveUp) fn(job)
          }
        })
        .finally(() => {
          known.delete(id)
          running.delete(run)
          if (retryIn > 0) add([{ ...job, delayMs: retryIn }])
          pump()
        })
      running.add(run)
    }
  }

  function add (jobs: readonly DeliveryJob[]): void {
    if (closed) return
    for (const job of jobs) {
      const id = jobIdOf(job)
      if (known.has(id)) continue
      if (job.delayMs > 0) {
        const timer = setTimeout(() => {
          known.set(id, null)
          ready.push(job)
          pump()
        }, job.delayMs)
        timer.unref()
        known.set(id, timer)
      } else {
        known.set(id, null)
        ready.push(job)
      }
    }
    pump()
  }

  return {
    kind: 'local',
    async add (jobs) { add(jobs) },
    startWorkers (h) {
      handler = h
      pump()
    },
    onRecovered () {},
    onGaveUp (fn) { gaveUp.push(fn) },
    connected: () => true,
    async close () {
      closed = true
      for (const timer of known.values()) if (timer !== null) clearTimeout(timer)
      ready.length = 0
      await Promise.allSettled([...running])
    }
  }
}
