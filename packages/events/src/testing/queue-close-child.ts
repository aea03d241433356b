// A process holding a BullMQ hub queue with workers, for the shutdown test: on SIGTERM it closes
// the queue and returns, leaving the process to exit by itself once no handle is left.
// Env: REDIS_URL, PREFIX (BullMQ key prefix), QUEUE (queue name).
import { silentLogger } from '../job-queue.ts'
import { createBullQueue } from '../queue-bullmq.ts'

const queue = createBullQueue({
  redisUrl: process.env.REDIS_URL ?? '',
  queueName: process.env.QUEUE ?? 'hub-close',
  prefix: process.env.PREFIX ?? 'cxtest',
  concurrency: 4,
  lockDurationMs: 2000,
  stalledIntervalMs: 500,
  addTimeoutMs: 1000,
  logger: silentLogger
})
queue.startWorkers(async () => {})
while (!queue.connected()) await new Promise((resolve) => setTimeout(resolve, 20))
process.stdout.write('ready\n')
process.once('SIGTERM', () => {
  const started = Date.now()
  queue.close().then(() => {
    process.stdout.write(`closed in ${Date.now() - started} ms\n`)
  }).catch((err: unknown) => { process.stdout.write(`close failed: ${String(err)}\n`) })
})
