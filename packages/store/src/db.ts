/**
 * One small port over the two PostgreSQL engines the suite runs on: a `pg` pool (production) and
 * PGlite (embedded). Both speak the same SQL dialect, so everything above this file writes plain SQL.
 */
export interface QueryResult<R> { rows: R[] }

export interface QueryOptions {
  /**
   * Prepare the statement once per connection under this name (PostgreSQL skips parsing and
   * planning on every later call). Only for fixed SQL texts on hot paths; PGlite ignores it.
   */
  name?: string
}

export interface Queryable {
  query<R = Record<string, unknown>>(sql: string, params?: readonly unknown[], options?: QueryOptions): Promise<QueryResult<R>>
}

export interface Db extends Queryable {
  readonly kind: 'postgres' | 'pglite'
  /** Runs `fn` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>
  close(): Promise<void>
  /** Connection pool usage (connections; `waiting` = callers queued for one); absent on PGlite (one in-process connection). */
  poolStats?: () => PoolStats
}

export interface PoolStats { max: number, total: number, idle: number, waiting: number }

export interface DbOptions {
  /** postgres://… — when absent the embedded PGlite engine is used. */
  databaseUrl?: string | undefined
  /** PGlite data directory; `memory://` (or undefined) keeps the data in memory. */
  dataDir?: string | undefined
  /** PostgreSQL schema to work in (created when missing); tests use one schema each. */
  schema?: string | undefined
  /** Pool size for PostgreSQL. */
  maxConnections?: number | undefined
}

/** Wraps a driver error so the cause survives for logs while callers see what was being done. */
export class StoreError extends Error {
  constructor (message: string, cause: unknown) {
    super(message, { cause })
    this.name = 'StoreError'
  }
}

export function assertSafeIdentifier (name: string): string {
  if (!/^[a-z_][a-z0-9_]{0,62}$/i.test(name)) throw new Error(`unsafe SQL identifier: ${name}`)
  return name
}
