import type { Db } from './db.ts'
import { StoreError } from './db.ts'

/** A versioned schema change. Ids are applied once each, in the order given, and recorded. */
export interface Migration {
  id: string
  statements: readonly string[]
}

// Any constant works; it only has to be the same for every replica so they migrate one at a time.
const MIGRATION_LOCK = 724_629_621

/**
 * Applies the migrations not yet recorded in `cx_migration`, each in its own transaction, and
 * returns the ids applied. Safe when several processes start on one database at once: every step,
 * the creation of `cx_migration` included, runs under one transaction-scoped advisory lock (two
 * concurrent `CREATE TABLE IF NOT EXISTS` can both pass the check, and the loser fails on the
 * catalog's unique index), and a migration another process applied meanwhile is skipped.
 * @throws StoreError naming the migration that failed, with the driver error as `cause`.
 */
export async function migrate (db: Db, migrations: readonly Migration[]): Promise<string[]> {
  try {
    await db.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK])
      await tx.query(`CREATE TABLE IF NOT EXISTS cx_migration (
        id text PRIMARY KEY,
        applied_at timestamptz NOT NULL DEFAULT now()
      )`)
    })
  } catch (err) {
    throw new StoreError('creating the migration table failed', err)
  }
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
