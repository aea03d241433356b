// Delivery worker process: `pnpm --filter @cx/events worker`, scaled independently of the apps.
// Env: DATABASE_URL (the service's database; DATABASE_SCHEMA, DB_POOL_SIZE optional), REDIS_URL,
// CX_MODE (embedded allows loopback callbacks), HUB_* delivery settings, HUB_CONCURRENCY, LOG_LEVEL.
// It consumes the BullMQ delivery queue of that database and re-drives lost work; turning outbox
// rows into deliveries stays with the app processes, which know how to render each API version.
import { coreMigrations, migrate, openDb } from '@cx/store'
import { deliveryConfigFromEnv } from './config.ts'
import type { Logger } from './job-queue.ts'
import { createRelay } from './relay.ts'
import { eventsMigrations } from './schema.ts'

function jsonLogger (level: string): Logger {
  const order = ['debug', 'info', 'warn', 'error']
  const min = Math.max(0, order.indexOf(level))
  const log = (lvl: string) => (obj: unknown, msg?: string): void => {
    if (order.indexOf(lvl) < min) return
    const fields = typeof obj === 'string' ? { msg: obj } : { ...(obj as object), msg }
    const err = (fields as { err?: unknown }).err
    const line = { level: lvl, time: new Date().toISOString(), name: 'cx-events-worker', ...fields, ...(err instanceof Error ? { err: { message: err.message, stack: err.stack } } : {}) }
    process.stdout.write(`${JSON.stringify(line)}\n`)
  }
  return { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') }
}

const env = process.env
const logger = jsonLogger(env.LOG_LEVEL ?? 'info')
const databaseUrl = env.DATABASE_URL
const redisUrl = env.REDIS_URL
if (databaseUrl === undefined || databaseUrl === '' || redisUrl === undefined || redisUrl === '') {
  logger.error('the delivery worker needs DATABASE_URL and REDIS_URL (without Redis the app delivers in-process)')
  process.exit(1)
}
const mode = env.CX_MODE === 'embedded' ? 'embedded' : 'production'
const db = await openDb({ databaseUrl, schema: env.DATABASE_SCHEMA, maxConnections: Number(env.DB_POOL_SIZE ?? '') || 10 })
await migrate(db, [...coreMigrations, ...eventsMigrations])
const relay = createRelay({
  db,
  // Never called: bodies are rendered at fan-out, which this process does not do.
  formatter: (envelope) => envelope,
  config: deliveryConfigFromEnv(env, mode),
  redisUrl,
  runWorkers: true,
  relayOutbox: false,
  logger
})
await relay.start()

let stopping = false
async function stop (signal: string): Promise<void> {
  if (stopping) return
  stopping = true
  logger.info({ signal }, 'stopping: finishing deliveries in flight')
  await relay.close()
  await db.close()
  process.exit(0)
}
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.on(signal, () => {
    stop(signal).catch((err: unknown) => {
      logger.error({ err }, 'shutdown failed')
      process.exit(1)
    })
  })
}
