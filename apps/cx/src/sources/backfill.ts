import type { Db } from '@cx/store'
import { projectVersions, refreshDue } from '../projections/project.ts'
import { isNewer, type Doc } from '../projections/entity-facts.ts'
import type { SourceClient } from './source-client.ts'
import type { SourceSpec } from './source-specs.ts'

/**
 * Items asked for per back-fill page: the list APIs' default maximum. Each page costs the source
 * a scan of everything changed since the page's watermark (filter, sort and X-Total-Count), so
 * fewer, larger pages make a large back-fill several times faster. A source serving fewer per
 * page (a lower MAX_PAGE_LIMIT) is followed through X-Total-Count, not the page length.
 */
export const BACKFILL_PAGE = 1000

/**
 * How far before the watermark a back-fill starts again. A write whose transaction began before
 * the last page was read can commit later with an earlier `lastUpdate`; re-reading a window is
 * harmless (versions apply only when newer) and catches it.
 */
export const WATERMARK_OVERLAP_MS = 5 * 60_000

/**
 * Pages through a source's list API from the stored watermark (`lastUpdate.gte`, sorted by
 * lastUpdate then id) until it is complete, feeding each page to the same evolve step as live
 * events, then advances the watermark to the newest version seen. Keyset paging with an offset
 * only among items sharing the boundary stamp, so items changing during the back-fill cannot
 * shift a page and be skipped. The 360 views of the customers whose records changed are
 * recomposed once, after the last page (composing them per page cost one composition per record:
 * a customer's records are spread over the pages); the pages mark them due in their own
 * transactions, so a back-fill cut short leaves the marks for the next one.
 * Returns the number of versions applied.
 * Errors: SourceUnavailableError when the source cannot answer (the watermark is kept).
 */
export async function backfill (db: Db, spec: SourceSpec, client: SourceClient, opts: { now: () => Date, pageSize?: number, onPage?: () => void }): Promise<number> {
  const row = (await db.query<{ watermark: string | null }>('SELECT watermark FROM cx_source WHERE source = $1', [spec.name])).rows[0]
  let since: string | null = row?.watermark === null || row?.watermark === undefined
    ? null
    : new Date(Date.parse(row.watermark) - WATERMARK_OVERLAP_MS).toISOString()
  let skip = 0
  let newest = row?.watermark ?? null
  let applied = 0
  const pageSize = opts.pageSize ?? BACKFILL_PAGE
  for (;;) {
    const { items, total } = await client.page(since, skip, pageSize)
    if (items.length === 0) break
    // The last page: X-Total-Count counts every match from `since` on; without it, a short page.
    const last = total === undefined ? items.length < pageSize : skip + items.length >= total
    const result = await db.transaction(async (tx) => await projectVersions(tx, items.map((doc) => ({ kind: spec.name, doc, deleted: false, at: stampOf(doc) })), opts.now(), { refresh: false }))
    applied += result.applied
    opts.onPage?.()
    const boundary = stampOf(items[items.length - 1] as Doc)
    const atBoundary = items.filter((d) => stampOf(d) === boundary).length
    // Same boundary as the page before: step further along the ties; a new one: start past it.
    skip = boundary === since ? skip + atBoundary : atBoundary
    since = boundary
    if (newest === null || isNewer(boundary, newest)) newest = boundary
    if (last) break
  }
  await refreshDue(db, opts.now)
  opts.onPage?.()
  await db.query('UPDATE cx_source SET watermark = $2, backfilled_at = now() WHERE source = $1', [spec.name, newest])
  return applied
}

function stampOf (doc: Doc): string {
  return typeof doc.lastUpdate === 'string' ? doc.lastUpdate : typeof doc.creationDate === 'string' ? doc.creationDate : ''
}
