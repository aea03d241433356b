import fp from 'fastify-plugin'
import type { FastifyInstance } from 'fastify'
import { migrate, openDb, type Db, type DbOptions, type Migration } from '@cx/store'

declare module 'fastify' {
  interface FastifyInstance { db: Db }
}

/** Opens the store (PostgreSQL or PGlite), brings its schema up to date, closes it with the app. */
export const database = fp(async (app: FastifyInstance, opts: { db: DbOptions | Db, migrations: readonly Migration[] }) => {
  const owned = !('transaction' in opts.db)
  const db = owned ? await openDb(opts.db as DbOptions) : opts.db as Db
  await migrate(db, opts.migrations)
  app.decorate('db', db)
  // Registered first, so Fastify runs it last: after the relay and the routes have stopped.
  if (owned) app.addHook('onClose', async () => { await db.close() })
}, { name: '@cx/engine/database' })
