import type { FastifyServerOptions } from 'fastify'
import type { Db, DbOptions } from '@cx/store'
import type { TObject } from 'typebox'
import { authConfigFromEnv, type AuthConfig } from '@cx/auth'
import { appConfigSchema, loadConfig, type Loaded } from '@cx/config'
import { callbackPolicyFromEnv, type DeliveryConfig } from '@cx/events'

export type Mode = 'embedded' | 'production'

export interface TmfServerOptions {
  mode: Mode
  /** Connection options, or an open store shared with other apps (embedded suite). */
  db: DbOptions | Db
  redisUrl?: string | undefined
  /** `redisUrl` lists Redis Cluster nodes (comma-separated); queue keys are hash-tagged. */
  redisCluster?: boolean
  /** The validated configuration the options came from, for plugins with settings of their own. */
  config?: Loaded<typeof appConfigSchema>
  auth: AuthConfig
  delivery: DeliveryConfig
  logger?: FastifyServerOptions['logger']
  /** Largest accepted request body in bytes (default 1 MiB). */
  bodyLimit?: number
  defaultLimit?: number
  maxLimit?: number
  /** `fields=` returns exactly the attributes asked for on every root (v4 roots always do). */
  strictProjection?: boolean
  /**
   * Opt-in checks stricter than the TMF specs, by name: the engine's `initial-state` (refuse a
   * create asking for a state it cannot start in) and those resources declare (`strictChecks`).
   * An unknown name fails at start-up.
   */
  strictChecks?: readonly string[]
  /** Run delivery workers in this process (default true); false when workers run separately. */
  runWorkers?: boolean
  /** Concurrent deliveries per process (HUB_CONCURRENCY, default 64). */
  hubConcurrency?: number
  /**
   * How long start-up retries an unreachable PostgreSQL or Redis, with back-off, before giving up
   * (default 0: one attempt, as tests want).
   */
  startupRetryMs?: number
  /**
   * Paths served without a bearer token besides docs, health and the dev issuer, e.g. hub listeners
   * that authenticate each call by its HMAC signature instead.
   */
  publicPaths?: RegExp
  /**
   * The clock every server-set timestamp comes from (default: the system clock). Tests and
   * simulations pass a controllable one instead of sleeping.
   */
  now?: () => Date
  /** Edge protection: rate limits, CORS, security headers, proxies (see http/edge-protection.ts). */
  edge?: EdgeOptions
  /** Prometheus `/metrics` (default on; see observability/metrics.ts). */
  metrics?: { enabled: boolean }
}

/** How the server protects its edge. Every part is off when absent (tests, embedded mode). */
export interface EdgeOptions {
  /**
   * Requests per `windowMs` per caller (a partner, else an operator's subject, else the client
   * address); 0 or absent = no limit. `tokenMax` limits `POST /auth/token` per client address.
   */
  rateLimit?: { max: number, windowMs: number, tokenMax: number }
  /** Origins allowed by CORS (`*` = any); absent or empty = no CORS headers. */
  corsOrigins?: readonly string[]
  /** Security headers (helmet) on every response (default true). */
  securityHeaders?: boolean
  /**
   * Fastify `trustProxy`: true (trust X-Forwarded-*), a hop count, or addresses/CIDRs of the
   * proxies. Decides the client address rate limits and logs use.
   */
  trustProxy?: boolean | number | readonly string[]
}

/**
 * The options of one app process from its validated configuration (@cx/config: every variable, its
 * type, range and default, in one schema). `schema` is the process's own: the resource services use
 * appConfigSchema, cx and the suite cxConfigSchema.
 * @throws ConfigError (from @cx/config) naming every variable that is missing or malformed.
 */
export function tmfServerOptionsFromEnv (env: NodeJS.ProcessEnv = process.env, schema: TObject = appConfigSchema): TmfServerOptions {
  return tmfServerOptionsFromConfig(loadConfig(schema, env) as Loaded<typeof appConfigSchema>)
}

/** Maps a loaded configuration onto the server's options (see tmfServerOptionsFromEnv). */
export function tmfServerOptionsFromConfig (config: Loaded<typeof appConfigSchema>): TmfServerOptions {
  const mode = config.CX_MODE
  // The auth section holds strings only, so its own reader applies its semantic checks unchanged.
  const auth = authConfigFromEnv(config as unknown as NodeJS.ProcessEnv, mode)
  return {
    mode,
    config,
    db: { databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR, schema: config.DATABASE_SCHEMA, maxConnections: config.DB_POOL_SIZE },
    redisUrl: config.REDIS_URL,
    redisCluster: config.REDIS_CLUSTER,
    auth,
    delivery: {
      maxAttempts: config.HUB_MAX_ATTEMPTS,
      retryBaseMs: config.HUB_RETRY_BASE_MS,
      timeoutMs: config.HUB_TIMEOUT_MS,
      policy: callbackPolicyFromEnv({ HUB_CALLBACK_ALLOWLIST: config.HUB_CALLBACK_ALLOWLIST }, mode)
    },
    hubConcurrency: config.HUB_CONCURRENCY,
    // Embedded mode is someone's laptop: the start-up banner matters, per-request lines do not.
    logger: { level: config.LOG_LEVEL },
    bodyLimit: config.BODY_LIMIT_BYTES,
    defaultLimit: config.DEFAULT_PAGE_LIMIT,
    maxLimit: config.MAX_PAGE_LIMIT,
    strictProjection: config.STRICT_FIELDS,
    strictChecks: (config.STRICT_CHECKS ?? '').split(',').map((s) => s.trim()).filter((s) => s !== ''),
    runWorkers: config.RUN_WORKERS,
    startupRetryMs: config.STARTUP_RETRY_MS,
    edge: {
      // Embedded mode is one person on a laptop: no limit unless asked for.
      rateLimit: { max: config.RATE_LIMIT_MAX ?? (mode === 'embedded' ? 0 : 6000), windowMs: config.RATE_LIMIT_WINDOW_MS, tokenMax: config.RATE_LIMIT_TOKEN_MAX ?? (mode === 'embedded' ? 0 : 30) },
      corsOrigins: (config.CORS_ORIGINS ?? '').split(',').map((o) => o.trim()).filter((o) => o !== ''),
      securityHeaders: config.SECURITY_HEADERS,
      trustProxy: trustProxyOf(config.TRUST_PROXY)
    },
    metrics: { enabled: config.METRICS_ENABLED }
  }
}

/** TRUST_PROXY: `true`/`false`, a hop count, or a comma-separated list of proxy addresses/CIDRs. */
export function trustProxyOf (v: string | undefined): boolean | number | string[] {
  if (v === undefined || v === '' || v === 'false') return false
  if (v === 'true') return true
  if (/^\d+$/.test(v)) return Number(v)
  return v.split(',').map((s) => s.trim()).filter((s) => s !== '')
}
