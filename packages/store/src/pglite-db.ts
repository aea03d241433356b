import { PGlite, types as pgliteTypes } from '@electric-sql/pglite'
import { assertSafeIdentifier, type Db, type DbOptions, type Queryable } from './db.ts'

const keepText = (v: string): string => v

export async function openPglite (opts: DbOptions): Promise<Db> {
  const dataDir = opts.dataDir === undefined || opts.dataDir === '' ? 'memory://' : opts.dataDir
  const lite = await PGlite.create(dataDir, {
    // Same convention as the pg adapter: timestamps as text.
    parsers: { [pgliteTypes.TIMESTAMPTZ]: keepText, [pgliteTypes.TIMESTAMP]: keepText }
  })
  if (opts.schema !== undefined) {
    const schema = assertSafeIdentifier(opts.schema)
    await lite.exec(`CREATE SCHEMA IF NOT EXISTS "${schema}"; SET search_path TO "${schema}"`)
  }

  const query: Queryable['query'] = async (sql, params) => {
    const res = await lite.query(sql, params as unknown[] | undefined)
    return { rows: res.rows as never[] }
  }

  return {
    kind: 'pglite',
    query,
    async transaction (fn) {
      // PGlite has one connection; its transaction() holds the lock so other queries wait.
      return await lite.transaction(async (t) => {
        const tx: Queryable = {
          async query (sql, params) {
            const res = await t.query(sql, params as unknown[] | undefined)
            return { rows: res.rows as never[] }
          }
        }
        return await fn(tx)
      })
    },
    async close () {
      await lite.close()
    }
  }
}
