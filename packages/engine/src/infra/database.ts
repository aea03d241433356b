import fp from 'fastify-plugin'
import type { FastifyInstance } from 'fastify'
import { migrate, openDb, retryAtStartup, type Db, type DbOptions, type Migration } from '@cx/store'

declare module 'fastify' {
  interface FastifyInstance {
    db: Db
    /** The ids of every migration this app needs; /health/ready checks they are recorded. */
    migrationIds: readonly string[]
  }
}

export interface DatabasePluginOptions {
  db: DbOptions | Db
  migrations: readonly Migration[]
  /** How long to keep retrying an unreachable PostgreSQL at start-up (ms; 0 = one attempt). */
  startupRetryMs?: number | undefined
}

/**
 * Opens the store (PostgreSQL or PGlite), brings its schema up to date, closes it with the app.
 * A database that is not reachable yet (the process started first) is retried with back-off for
 * `startupRetryMs`; the app is only built, and so only listens and reports ready, once every
 * migration is applied.
 */
export const database = fp(async (app: FastifyInstance, opts: DatabasePluginOptions) => {
  const owned = !('transaction' in opts.db)
  const retry = { forMs: opts.startupRetryMs ?? 0, what: 'PostgreSQL', logger: app.log }
  const db = owned ? await retryAtStartup(async () => await openDb(opts.db as DbOptions), retry) : opts.db as Db
  try {
    await retryAtStartup(async () => await migrate(db, opts.migrations), retry)
  } catch (err) {
    if (owned) await db.close().catch(() => {})
    throw err
  }
  app.decorate('db', db)
  app.decorate('migrationIds', opts.migrations.map((m) => m.id))
  // Registered first, so Fastify runs it last: after the relay and the routes have stopped.
  if (owned) app.addHook('onClose', async () => { await db.close() })
}, { name: '@cx/engine/database' })
