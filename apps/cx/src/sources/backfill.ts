import type { Db } from '@cx/store'
import { backfill as backfillSource, stampOf } from '@cx/hub-subscriber'
import { projectVersions, refreshDue } from '../projections/project.ts'
import type { SourceClient } from '@cx/hub-subscriber'
import type { SourceSpec } from './source-specs.ts'

/**
 * Back-fills one source into the read model (@cx/hub-subscriber's keyset paging from the
 * cx_source watermark), each page projected in its own transaction with the same evolve step as
 * live events. The 360 views of the customers whose records changed are recomposed once, after the
 * last page (composing them per page cost one composition per record: a customer's records are
 * spread over the pages); the pages mark them due in their own transactions, so a back-fill cut
 * short leaves the marks for the next one. Returns the number of versions applied.
 * Errors: SourceUnavailableError when the source cannot answer (the watermark is kept).
 */
export async function backfill (db: Db, spec: SourceSpec, client: SourceClient, opts: { now: () => Date, pageSize?: number, onPage?: () => void }): Promise<number> {
  return await backfillSource(db, { table: 'cx_source', source: spec.name }, client, {
    applyPage: async (items) => (await db.transaction(async (tx) =>
      await projectVersions(tx, items.map((doc) => ({ kind: spec.name, doc, deleted: false, at: stampOf(doc) })), opts.now(), { refresh: false }))).applied,
    finish: async () => { await refreshDue(db, opts.now) },
    ...(opts.pageSize === undefined ? {} : { pageSize: opts.pageSize }),
    ...(opts.onPage === undefined ? {} : { onPage: opts.onPage })
  })
}
