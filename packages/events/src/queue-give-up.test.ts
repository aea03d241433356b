import t, { type Test } from 'tap'
import { freePort, startRedisServer, waitUntil } from '@cx/test-kit'
import { silentLogger, type DeliveryJob, type JobQueue } from './job-queue.ts'
import { createBullQueue } from './queue-bullmq.ts'
import { createLocalQueue } from './queue-local.ts'

// A job whose handler keeps failing (the database away) is retried a few times with back-off,
// then handed to onGaveUp exactly once, so the relay can release its rows to the sweeper.
async function gaveUpOnce (t: Test, queue: JobQueue): Promise<void> {
  let attempts = 0
  const given: DeliveryJob[] = []
  queue.onGaveUp((job) => given.push(job))
  queue.startWorkers(async () => {
    attempts++
    throw new Error('database unavailable')
  })
  const job = { refs: [{ deliveryId: '42', generation: 1, attempt: 0 }], delayMs: 0 }
  // A fresh Redis connection may still be connecting: add refuses rather than buffers.
  await waitUntil('the job queued', async () => await queue.add([job]).then(() => true, () => false))
  await waitUntil('the job given up', () => given.length > 0)
  t.equal(attempts, 4, 'four attempts before giving up')
  t.same(given.map((g) => g.refs), [job.refs], 'once, with its deliveries')
}

t.test('the in-process queue gives a failing job up after its retries', async (t) => {
  const queue = createLocalQueue({ concurrency: 4, logger: silentLogger })
  t.teardown(() => queue.close())
  await gaveUpOnce(t, queue)
})

t.test('the BullMQ queue gives a failing job up after its retries, not after each attempt', async (t) => {
  const port = await freePort()
  await startRedisServer(t, port)
  const queue = createBullQueue({ redisUrl: `redis://127.0.0.1:${port}`, queueName: 'give-up', prefix: 'cxtest', concurrency: 4, lockDurationMs: 15_000, stalledIntervalMs: 5_000, addTimeoutMs: 2_000, logger: silentLogger })
  t.teardown(() => queue.close())
  await gaveUpOnce(t, queue)
})
