import { PGlite } from '@electric-sql/pglite'
import { schemaClient } from '@cx/test-kit'

/** The little the SQL suites need from either engine. */
export interface TestDb {
  query: (sql: string, params?: unknown[]) => Promise<Array<Record<string, unknown>>>
}

type Teardown = (fn: () => Promise<void>) => void

/**
 * A connection to the real PostgreSQL, on a schema of its own that is dropped at teardown
 * (the test kit's schema-per-test). Unreachable PostgreSQL throws, so the calling test fails
 * instead of being skipped.
 */
export async function openPostgres (teardown: Teardown): Promise<TestDb> {
  const client = await schemaClient({ teardown: (fn) => teardown(async () => { await fn() }) }, 'tmfq_')
  return { query: async (sql, params) => (await client.query(sql, params)).rows }
}

/** An in-memory PGlite, the embedded engine the suite also runs on. */
export async function openPglite (teardown: Teardown): Promise<TestDb> {
  const lite = new PGlite()
  await lite.waitReady
  teardown(async () => { await lite.close() })
  return { query: async (sql, params) => (await lite.query<Record<string, unknown>>(sql, params)).rows }
}

export async function loadDocs (db: TestDb, table: string, docs: ReadonlyArray<Record<string, unknown>>): Promise<void> {
  await db.query(`CREATE TABLE ${table} (id text PRIMARY KEY, doc jsonb NOT NULL)`)
  for (const doc of docs) {
    await db.query(`INSERT INTO ${table} (id, doc) VALUES ($1, $2::jsonb)`, [String(doc.id), JSON.stringify(doc)])
  }
}

export async function selectIds (db: TestDb, table: string, where: string, params: unknown[], orderBy = ''): Promise<string[]> {
  const order = orderBy === '' ? 'id' : `${orderBy}, id`
  const rows = await db.query(`SELECT id FROM ${table} WHERE ${where} ORDER BY ${order}`, params)
  return rows.map((r) => String(r.id))
}
