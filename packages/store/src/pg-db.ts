import pg from 'pg'
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

export async function openPostgres (opts: DbOptions & { databaseUrl: string }): Promise<Db> {
  const schema = opts.schema === undefined ? undefined : assertSafeIdentifier(opts.schema)
  if (schema !== undefined) {
    const admin = new pg.Client({ connectionString: opts.databaseUrl })
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
    ...(schema === undefined ? {} : { options: `-c search_path="${schema}"` })
  })
  // An idle client losing its connection must not crash the process; the pool replaces it.
  pool.on('error', () => {})

  const query: Queryable['query'] = async (sql, params, options) => {
    const res = options?.name === undefined
      ? await pool.query(sql, params as unknown[] | undefined)
      : await pool.query({ name: options.name, text: sql, values: params as unknown[] | undefined })
    return { rows: res.rows }
  }

  return {
    kind: 'postgres',
    query,
    async transaction (fn) {
      const client = await pool.connect()
      const tx: Queryable = {
        async query (sql, params, options) {
          const res = options?.name === undefined
            ? await client.query(sql, params as unknown[] | undefined)
            : await client.query({ name: options.name, text: sql, values: params as unknown[] | undefined })
          return { rows: res.rows }
        }
      }
      try {
        await client.query('BEGIN')
        const result = await fn(tx)
        await client.query('COMMIT')
        return result
      } catch (err) {
        await client.query('ROLLBACK').catch(() => {})
        throw err
      } finally {
        client.release()
      }
    },
    async close () {
      await pool.end()
    }
  }
}
