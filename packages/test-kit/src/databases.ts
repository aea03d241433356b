import { randomBytes } from 'node:crypto'
import pg from 'pg'
/** Structurally the store's DbOptions; no import so the store itself can use this kit in its tests. */
export interface TestDbOptions { databaseUrl?: string, dataDir?: string, schema?: string, maxConnections?: number }

export type StoreKind = 'postgres' | 'pglite'

export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test'

/** Which engines a test run covers: both unless TEST_STORES narrows it (e.g. `TEST_STORES=pglite`). */
export function storeKinds (): StoreKind[] {
  const raw = process.env.TEST_STORES ?? 'postgres,pglite'
  return raw.split(',').map((s) => s.trim()).filter((s): s is StoreKind => s === 'postgres' || s === 'pglite')
}

interface Teardown { teardown: (fn: () => unknown) => void }

/**
 * Database options for one test on its own PostgreSQL schema (dropped afterwards) or its own
 * in-memory PGlite. A PostgreSQL that cannot be reached fails the test: it is never skipped.
 */
export async function testDbOptions (t: Teardown, kind: StoreKind): Promise<TestDbOptions> {
  if (kind === 'pglite') return { dataDir: 'memory://' }
  const schema = `t_${randomBytes(6).toString('hex')}`
  const admin = new pg.Client({ connectionString: TEST_DATABASE_URL })
  try {
    await admin.connect()
    await admin.query(`CREATE SCHEMA "${schema}"`)
  } catch (err) {
    throw new Error(`PostgreSQL is required for tests at ${TEST_DATABASE_URL}: ${(err as Error).message}`)
  } finally {
    await admin.end().catch(() => {})
  }
  t.teardown(async () => {
    const c = new pg.Client({ connectionString: TEST_DATABASE_URL })
    await c.connect()
    await c.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`)
    await c.end()
  })
  return { databaseUrl: TEST_DATABASE_URL, schema, maxConnections: 4 }
}
