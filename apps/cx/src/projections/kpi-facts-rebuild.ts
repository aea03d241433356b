import type { Db } from '@cx/store'
import { factsOf, type EntityKind } from './entity-facts.ts'
import { replaceKpiFacts } from './kpi-facts.ts'

interface EntityRow { kind: EntityKind, id: string, customer_id: string | null, deleted: boolean, doc: Record<string, unknown> }

const BATCH = 500

/**
 * Derives the KPI facts of every stored record when a migration asked for it (a `kpi-facts` row
 * in `cx_rebuild`, inserted by cx-002): a read model filled before `cx_fact` existed gets the
 * facts a back-fill would give, without re-reading the sources. Runs before the sync starts (no
 * live event competes); keyset pages of 500 records, one transaction each. Returns the records
 * visited.
 */
export async function rebuildKpiFactsIfAsked (db: Db): Promise<number> {
  const asked = await db.query("SELECT 1 FROM cx_rebuild WHERE what = 'kpi-facts'")
  if (asked.rows.length === 0) return 0
  let after: [string, string] = ['', '']
  let visited = 0
  for (;;) {
    const rows = await db.transaction(async (tx) => {
      const page = (await tx.query<EntityRow>(
        `SELECT kind, id, customer_id, deleted, doc FROM cx_entity
         WHERE kind <> 'customer' AND (kind, id) > ($1, $2) ORDER BY kind, id LIMIT ${BATCH}`, after)).rows
      for (const r of page) await replaceKpiFacts(tx, `${r.kind}/${r.id}`, factsOf(r.kind, r.doc), r.customer_id, r.deleted)
      return page
    })
    visited += rows.length
    const last = rows[rows.length - 1]
    if (last === undefined || rows.length < BATCH) break
    after = [last.kind, last.id]
  }
  await db.query("DELETE FROM cx_rebuild WHERE what = 'kpi-facts'")
  return visited
}
