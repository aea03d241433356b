// A relaying process for the crash tests: relays and delivers until it is killed.
// Env: DATABASE_URL, DB_SCHEMA, REDIS_URL (optional), PREFIX (BullMQ key prefix).
import { openDb } from '@cx/store'
import { createRelay } from '../relay.ts'
import { identityFormatter, testConfig } from './harness.ts'

const db = await openDb({ databaseUrl: process.env.DATABASE_URL, schema: process.env.DB_SCHEMA, maxConnections: 4 })
const redisUrl = process.env.REDIS_URL
const relay = createRelay({
  db,
  formatter: identityFormatter,
  config: testConfig({ retryBaseMs: 50 }),
  ...(redisUrl === undefined || redisUrl === '' ? {} : { redisUrl }),
  prefix: process.env.PREFIX,
  pollMs: 50,
  sweepMs: 200,
  lockDurationMs: 2000,
  stalledIntervalMs: 500
})
await relay.start()
process.stdout.write('ready\n')
process.on('SIGTERM', () => {
  relay.close().then(async () => { await db.close() }).finally(() => process.exit(0)).catch(() => {})
})
