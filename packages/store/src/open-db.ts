import type { Db, DbOptions } from './db.ts'
import { openPostgres } from './pg-db.ts'
import { openPglite } from './pglite-db.ts'

/** PostgreSQL when a URL is given, PGlite otherwise: one SQL dialect either way. */
export async function openDb (opts: DbOptions): Promise<Db> {
  if (opts.databaseUrl !== undefined && opts.databaseUrl !== '') {
    return await openPostgres({ ...opts, databaseUrl: opts.databaseUrl })
  }
  return await openPglite(opts)
}
