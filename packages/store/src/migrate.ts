import type { Db } from './db.ts'
import { StoreError } from './db.ts'

/** A versioned schema change. Ids are applied once each, in the order given, and recorded. */
export interface Migration {
  id: string
  statements: readonly string[]
}

// Any constant works; it only has to be the same for every replica so they migrate one at a time.
const MIGRATION_LOCK = 724_629_621

export async function migrate (db: Db, migrations: readonly Migration[]): Promise<string[]> {
  await db.query(`CREATE TABLE IF NOT EXISTS cx_migration (
    id text PRIMARY KEY,
    applied_at timestamptz NOT NULL DEFAULT now()
  )`)
  const applied: string[] = []
  for (const migration of migrations) {
    try {
      const done = await db.transaction(async (tx) => {
        // Replicas starting together serialise here instead of racing on DDL.
        await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK])
        const seen = await tx.query('SELECT 1 FROM cx_migration WHERE id = $1', [migration.id])
        if (seen.rows.length > 0) return false
        for (const statement of migration.statements) await tx.query(statement)
        await tx.query('INSERT INTO cx_migration (id) VALUES ($1)', [migration.id])
        return true
      })
      if (done) applied.push(migration.id)
    } catch (err) {
      throw new StoreError(`migration ${migration.id} failed`, err)
    }
  }
  return applied
}
