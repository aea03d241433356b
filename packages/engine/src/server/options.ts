import type { FastifyServerOptions } from 'fastify'
import type { Db, DbOptions } from '@cx/store'
import { authConfigFromEnv, type AuthConfig } from '@cx/auth'
import { deliveryConfigFromEnv, type DeliveryConfig } from '@cx/events'

export type Mode = 'embedded' | 'production'

export interface TmfServerOptions {
  mode: Mode
  /** Connection options, or an open store shared with other apps (embedded suite). */
  db: DbOptions | Db
  redisUrl?: string | undefined
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
}

const int = (v: string | undefined, fallback: number): number => {
  if (v === undefined || v === '') return fallback
  const n = Number(v)
  if (!Number.isInteger(n) || n < 0) throw new Error(`expected a non-negative integer, got ${v}`)
  return n
}

/** Every environment variable the services read, in one place (the README lists them). */
export function tmfServerOptionsFromEnv (env: NodeJS.ProcessEnv = process.env): TmfServerOptions {
  const databaseUrl = env.DATABASE_URL === '' ? undefined : env.DATABASE_URL
  const mode: Mode = env.CX_MODE === 'embedded' || env.CX_MODE === 'production'
    ? env.CX_MODE
    : databaseUrl === undefined ? 'embedded' : 'production'
  return {
    mode,
    db: { databaseUrl, dataDir: env.DATA_DIR ?? './.data', maxConnections: int(env.DB_POOL_SIZE, 10) },
    redisUrl: env.REDIS_URL === '' ? undefined : env.REDIS_URL,
    auth: authConfigFromEnv(env, mode),
    delivery: deliveryConfigFromEnv(env, mode),
    // Embedded mode is someone's laptop: the start-up banner matters, per-request lines do not.
    logger: { level: env.LOG_LEVEL ?? (mode === 'embedded' ? 'warn' : 'info') },
    bodyLimit: int(env.BODY_LIMIT_BYTES, 1024 * 1024),
    defaultLimit: int(env.DEFAULT_PAGE_LIMIT, 20),
    maxLimit: int(env.MAX_PAGE_LIMIT, 1000),
    strictProjection: env.STRICT_FIELDS === 'true',
    strictChecks: (env.STRICT_CHECKS ?? '').split(',').map((s) => s.trim()).filter((s) => s !== ''),
    runWorkers: env.RUN_WORKERS !== 'false'
  }
}
