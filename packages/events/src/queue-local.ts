import { jobIdOf, type DeliveryJob, type JobHandler, type JobQueue, type Logger } from './job-queue.ts'

/**
 * The in-process runner (no REDIS_URL): timers for back-off and a concurrency limit, nothing
 * more. It needs no durability of its own because the delivery rows are the durable part: after a
 * crash the relay's start-up sweep re-adds every pending delivery.
 */
export function createLocalQueue (opts: { concurrency: number, logger: Logger }): JobQueue {
  const known = new Map<string, NodeJS.Timeout | null>()
  const ready: DeliveryJob[] = []
  const running = new Set<Promise<void>>()
  let handler: JobHandler | undefined
  let closed = false

  function pump (): void {
    if (closed || handler === undefined) return
    const h = handler
    while (running.size < opts.concurrency && ready.length > 0) {
      const job = ready.shift() as DeliveryJob
      const run = h(job)
        .catch((err: unknown) => { opts.logger.error({ err, deliveryId: job.deliveryId }, 'delivery job failed') })
        .finally(() => {
          known.delete(jobIdOf(job))
          running.delete(run)
          pump()
        })
      running.add(run)
    }
  }

  return {
    kind: 'local',
    async add (jobs) {
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
    },
    startWorkers (h) {
      handler = h
      pump()
    },
    onRecovered () {},
    async close () {
      closed = true
      for (const timer of known.values()) if (timer !== null) clearTimeout(timer)
      ready.length = 0
      await Promise.allSettled([...running])
    }
  }
}
