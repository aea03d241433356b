import pg from 'pg'
import { isConnectionError, rethrowUnavailable } from './connection-errors.ts'
import { assertSafeIdentifier, type Db, type DbOptions, type Queryable } from './db.ts'

// jsonb comes back parsed by default; timestamps we keep as text so both engines agree byte for byte.
const TIMESTAMPTZ_OID = 1184
const TIMESTAMP_OID = 1114
const keepText = (v: string): string => v
const types = {
  getTypeParser (oid: number, format?: string): unknown {
    if (oid === TIMESTAMPTZ_OID || oid === TIMESTAMP_OID) return keepText
    return (pg.types.getTypeParser as (o: number, f?: string) => unknown)(oid, format)
  }
}

// How long a request may wait for a connection (a free one, or a new one while the server is slow
// to accept) before it is answered 503 instead of hanging.
const CONNECT_TIMEOUT_MS = 10_000

type Runner = Pick<pg.Pool, 'query'> | Pick<pg.PoolClient, 'query'>

async function run (on: Runner, sql: string, params: readonly unknown[] | undefined, name: string | undefined): Promise<{ rows: never[] }> {
  try {
    const res = name === undefined
      ? await on.query(sql, params as unknown[] | undefined)
      : await on.query({ name, text: sql, values: params as unknown[] | undefined })
    return { rows: res.rows as never[] }
  } catch (err) {
    return rethrowUnavailable(err)
  }
}

/**
 * The production store: a `pg` pool. A database that goes away (restart, failover, network cut)
 * never takes the process down: every error of an idle or checked-out connection is handled, a
 * broken connection is discarded rather than returned to the pool, and the failure reaches the
 * caller as the 503 TMF Error of storeUnavailable(). The pool opens fresh connections on the next
 * query, so service resumes as soon as PostgreSQL accepts connections again.
 */
export async function openPostgres (opts: DbOptions & { databaseUrl: string }): Promise<Db> {
  const schema = opts.schema === undefined ? undefined : assertSafeIdentifier(opts.schema)
  if (schema !== undefined) {
    const admin = new pg.Client({ connectionString: opts.databaseUrl })
    admin.on('error', () => {}) // surfaced by the rejected query instead
    await admin.connect()
    try {
      await admin.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`)
    } finally {
      await admin.end()
    }
  }
  const pool = new pg.Pool({
    connectionString: opts.databaseUrl,
    max: opts.maxConnections ?? 10,
    types: types as pg.CustomTypesConfig,
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    // TCP keep-alive notices a peer that vanished without closing (a cut network, a dead host).
    keepAlive: true,
    ...(schema === undefined ? {} : { options: `-c search_path="${schema}"` })
  })
  // An idle client losing its connection must not crash the process; the pool replaces it.
  pool.on('error', () => {})
  // The pool listens on a client only while it is idle. A checked-out client (a transaction) and
  // one being handed over (the gap between the pool letting go and the caller's code running, in
  // which the server's 57P01 may arrive in the same packet as ReadyForQuery) would turn a
  // terminated connection into an uncaught 'error' event: every client keeps a listener for life.
  const lost = new WeakMap<pg.Client, Error>()
  pool.on('connect', (client) => {
    client.on('error', (err) => { lost.set(client, err) })
  })

  const query: Queryable['query'] = async (sql, params, options) => await run(pool, sql, params, options?.name)

  return {
    kind: 'postgres',
    query,
    poolStats: () => ({ max: opts.maxConnections ?? 10, total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }),
    async transaction (fn) {
      const client = await pool.connect().catch(rethrowUnavailable)
      const tx: Queryable = { query: async (sql, params, options) => await run(client, sql, params, options?.name) }
      let broken = false
      try {
        await run(client, 'BEGIN', undefined, undefined)
        const result = await fn(tx)
        await run(client, 'COMMIT', undefined, undefined)
        return result
      } catch (err) {
        broken = lost.has(client) || isConnectionError((err as { cause?: unknown }).cause ?? err)
        if (!broken) await client.query('ROLLBACK').catch(() => { broken = true })
        throw err
      } finally {
        // Passing an error makes the pool destroy the connection instead of reusing it.
        const brokenBy = lost.get(client) ?? (broken ? new Error('connection lost during a transaction') : undefined)
        client.release(brokenBy)
      }
    },
    async close () {
      await pool.end()
    }
  }
}
