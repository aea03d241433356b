import t from 'tap'
import { benchEvents } from './bench-events.ts'
import { redisPrefix, TEST_REDIS_URL } from '@cx/test-kit'
import { openTestDb } from './testing/harness.ts'

// A small run of the benchmark, so scripts/bench does not find it broken on the day. How fast is
// the benchmark's business (scripts/bench checks its targets): here only that it works.
t.test('the events benchmark delivers everything and reports throughput and latency', async (t) => {
  const prefix = await redisPrefix(t) // fails the test when Redis is missing
  const db = await openTestDb(t, 'postgres')
  const result = await benchEvents({ db, redisUrl: TEST_REDIS_URL, prefix, events: 200, subscriptions: 3, rate: 400, writers: 2 })
  t.equal(result.delivered, 600)
  t.ok(Number.isFinite(result.eventsPerSecond) && result.eventsPerSecond > 0, `a throughput is reported (${result.eventsPerSecond} events/s)`)
  t.ok(result.p99Ms >= result.p50Ms && result.p50Ms >= 0, `latency percentiles are ordered (p50 ${result.p50Ms} ms, p99 ${result.p99Ms} ms)`)
  const left = await db.query<{ n: number }>('SELECT (SELECT count(*) FROM cx_hub)::int + (SELECT count(*) FROM cx_outbox)::int AS n')
  t.equal(left.rows[0]?.n, 0, 'the bench cleans up after itself')
})
