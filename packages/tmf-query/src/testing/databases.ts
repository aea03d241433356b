import { randomBytes } from 'node:crypto'
import { PGlite } from '@electric-sql/pglite'
import pg from 'pg'

export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test'

/** The little the SQL suites need from either engine. */
export interface TestDb {
  query: (sql: string, params?: unknown[]) => Promise<Array<Record<string, unknown>>>
}

type Teardown = (fn: () => Promise<void>) => void

async function withAdmin<T> (fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const admin = new pg.Client({ connectionString: TEST_DATABASE_URL, connectionTimeoutMillis: 5000 })
  await admin.connect()
  try {
    return await fn(admin)
  } finally {
    await admin.end()
  }
}

/**
 * A connection to the real PostgreSQL, on a schema of its own that is dropped at teardown.
 * Unreachable PostgreSQL throws, so the calling test fails instead of being skipped.
 */
export async function openPostgres (teardown: Teardown): Promise<TestDb> {
  const schema = `tmfq_${randomBytes(6).toString('hex')}`
  try {
    await withAdmin(async (admin) => await admin.query(`CREATE SCHEMA "${schema}"`))
  } catch (err) {
    throw new Error(`PostgreSQL is required for this test at ${TEST_DATABASE_URL}: ${(err as Error).message}`, { cause: err })
  }
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL, options: `-c search_path=${schema}` })
  await client.connect()
  teardown(async () => {
    await client.end()
    await withAdmin(async (admin) => await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`))
  })
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
