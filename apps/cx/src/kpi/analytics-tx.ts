import type { Db, Queryable } from '@cx/store'

/**
 * Runs the statements of one KPI or scorecard read in a transaction tuned for them:
 *
 * - `jit = off`: a series or scorecard aggregates a few hundred thousand index entries in tens of
 *   milliseconds, but its cost estimate crosses `jit_above_cost`, and compiling the expressions
 *   took seconds (EXPLAIN ANALYZE of the 20-partner scorecard: 11 s of JIT for 10 s of work);
 * - `work_mem = 64MB`: the medians sort a year of durations; at the default 4 MB they spilled to
 *   disk (external merge).
 *
 * `SET LOCAL` ends with the transaction, so the pool's connections keep their settings.
 */
export async function inAnalyticsTransaction<T> (db: Db, fn: (tx: Queryable) => Promise<T>): Promise<T> {
  return await db.transaction(async (tx) => {
    await tx.query("SELECT set_config('jit', 'off', true), set_config('work_mem', '64MB', true)")
    return await fn(tx)
  })
}
