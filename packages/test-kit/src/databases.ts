import { randomBytes } from 'node:crypto'
import pg from 'pg'
import { choiceFromEnv, TEST_DATABASE_URL } from './env.ts'

export { TEST_DATABASE_URL } from './env.ts'

/** Structurally the store's DbOptions; no import so the store itself can use this kit in its tests. */
export interface TestDbOptions { databaseUrl?: string, dataDir?: string, schema?: string, maxConnections?: number }

export type StoreKind = 'postgres' | 'pglite'

export const STORE_KINDS: readonly StoreKind[] = ['postgres', 'pglite']

/**
 * Which engines a test run covers: both unless TEST_STORES narrows it (e.g. `TEST_STORES=pglite`).
 * An unknown value throws, so a typo fails the run instead of leaving every per-engine loop empty.
 */
export function storeKinds (): StoreKind[] {
  return choiceFromEnv('TEST_STORES', STORE_KINDS)
}

export interface Teardown { teardown: (fn: () => unknown) => void }

async function withAdmin<T> (fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const admin = new pg.Client({ connectionString: TEST_DATABASE_URL, connectionTimeoutMillis: 5000 })
  await admin.connect()
  try {
    return await fn(admin)
  } finally {
    await admin.end().catch(() => {})
  }
}

/**
 * Creates a PostgreSQL schema of its own for one test (`prefix` + 12 hex digits), dropped with
 * everything in it at teardown. An unreachable PostgreSQL throws: the test fails, it is never skipped.
 */
export async function testSchema (t: Teardown, prefix = 't_'): Promise<string> {
  const schema = `${prefix}${randomBytes(6).toString('hex')}`
  try {
    await withAdmin(async (admin) => await admin.query(`CREATE SCHEMA "${schema}"`))
  } catch (err) {
    throw new Error(`PostgreSQL is required for tests at ${TEST_DATABASE_URL}: ${(err as Error).message}`, { cause: err })
  }
  t.teardown(async () => {
    await withAdmin(async (admin) => await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`))
  })
  return schema
}

/**
 * Database options for one test on its own PostgreSQL schema (dropped afterwards) or its own
 * in-memory PGlite.
 */
export async function testDbOptions (t: Teardown, kind: StoreKind): Promise<TestDbOptions> {
  if (kind === 'pglite') return { dataDir: 'memory://' }
  return { databaseUrl: TEST_DATABASE_URL, schema: await testSchema(t), maxConnections: 4 }
}

/**
 * A bare pg client whose search_path is a schema of its own, for tests below the store (the
 * query compiler's SQL suites). Ended before its schema is dropped.
 */
export async function schemaClient (t: Teardown, prefix = 't_'): Promise<pg.Client> {
  const schema = await testSchema(t, prefix)
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL, options: `-c search_path=${schema}` })
  await client.connect()
  // Registered after the schema's own teardown, so it runs first (tap runs them last-in first-out).
  t.teardown(async () => { await client.end() })
  return client
}
