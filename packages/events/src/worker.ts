// Delivery worker process: `pnpm --filter @cx/events worker`, scaled independently of the apps.
// Env (validated by @cx/config workerConfigSchema): DATABASE_URL (the service's database;
// DATABASE_SCHEMA, DB_POOL_SIZE optional), REDIS_URL (REDIS_CLUSTER=true for a cluster), CX_MODE
// (embedded allows loopback callbacks), HUB_* delivery settings, HUB_CONCURRENCY, LOG_LEVEL,
// STARTUP_RETRY_MS.
// It consumes the BullMQ delivery queue of that database and re-drives lost work; turning outbox
// rows into deliveries stays with the app processes, which know how to render each API version.
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { ConfigError, loadConfig, workerConfigSchema, type Loaded } from '@cx/config'
import { coreMigrations, migrate, openDb, retryAtStartup } from '@cx/store'
import { callbackPolicyFromEnv } from './callback-policy.ts'
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

let config: Loaded<typeof workerConfigSchema>
try {
  config = loadConfig(workerConfigSchema, process.env)
} catch (err) {
  if (!(err instanceof ConfigError)) throw err
  process.stderr.write(`${err.message}\n`)
  process.exit(78)
}
const logger = jsonLogger(config.LOG_LEVEL)
const databaseUrl = config.DATABASE_URL
const redisUrl = config.REDIS_URL
if (databaseUrl === undefined || redisUrl === undefined) {
  logger.error('the delivery worker needs DATABASE_URL and REDIS_URL (without Redis the app delivers in-process)')
  process.exit(78)
}
const retry = { forMs: config.STARTUP_RETRY_MS, what: 'PostgreSQL', logger }
const db = await retryAtStartup(async () => await openDb({ databaseUrl, schema: config.DATABASE_SCHEMA, maxConnections: config.DB_POOL_SIZE }), retry)
await retryAtStartup(async () => await migrate(db, [...coreMigrations, ...eventsMigrations]), retry)
const relay = createRelay({
  db,
  // Never called: bodies are rendered at fan-out, which this process does not do.
  formatter: (envelope) => envelope,
  config: {
    maxAttempts: config.HUB_MAX_ATTEMPTS,
    retryBaseMs: config.HUB_RETRY_BASE_MS,
    timeoutMs: config.HUB_TIMEOUT_MS,
    policy: callbackPolicyFromEnv({ HUB_CALLBACK_ALLOWLIST: config.HUB_CALLBACK_ALLOWLIST }, config.CX_MODE)
  },
  redisUrl,
  redisCluster: config.REDIS_CLUSTER,
  concurrency: config.HUB_CONCURRENCY,
  runWorkers: true,
  relayOutbox: false,
  logger
})
await relay.start()

// Probes for the container's HEALTHCHECK and orchestrators, as the apps serve them (GET only).
const health = createServer((req, res) => {
  const status = relay.status()
  const ready = status.running && status.connected
  const [code, body] = req.method !== 'GET'
    ? [405, { status: 'method not allowed' }]
    : req.url === '/health/live'
      ? [200, { status: 'ok' }]
      : req.url === '/health/ready'
        ? [ready ? 200 : 503, { status: ready ? 'ready' : 'not ready', checks: { relay: status.running ? 'running' : 'stopped', redis: status.connected ? 'up' : 'down' } }]
        : [404, { status: 'not found' }]
  res.writeHead(code, { 'content-type': 'application/json' }).end(JSON.stringify(body))
})
await new Promise<void>((resolve) => health.listen(config.PORT, config.HOST, resolve))
logger.info({ port: (health.address() as AddressInfo).port }, 'delivery worker started')

let stopping = false
async function stop (signal: string): Promise<void> {
  if (stopping) return
  stopping = true
  logger.info({ signal }, 'stopping: finishing deliveries in flight')
  health.close()
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
