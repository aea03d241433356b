import { assertSafeIdentifier, type Db } from '@cx/store'
import type { Doc, SourceClient } from './source-client.ts'

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

export interface BackfillOptions {
  /** Applies one page of versions (in its own transaction); returns how many were newer. */
  applyPage: (items: Doc[]) => Promise<number>
  /** Runs after the last page, before the watermark moves (e.g. a deferred recomposition). */
  finish?: () => Promise<void>
  pageSize?: number
  /** Called after each page committed. */
  onPage?: () => void
}

/** A version's stamp: `lastUpdate` (strictly increasing per resource), else `creationDate`. */
export function stampOf (doc: Doc): string {
  return typeof doc.lastUpdate === 'string' ? doc.lastUpdate : typeof doc.creationDate === 'string' ? doc.creationDate : ''
}

/** Whether stamp `a` is later than `b` (ISO 8601 instants, compared as instants). */
export function isLater (a: string, b: string): boolean {
  return Date.parse(a) > Date.parse(b)
}

/**
 * Pages through a source's list API from the watermark stored in `stateTable` (`lastUpdate.gte`,
 * sorted by lastUpdate then id) until it is complete, feeding each page to `applyPage` (the same
 * step live events take), then advances the watermark to the newest version seen. Keyset paging
 * with an offset only among items sharing the boundary stamp, so items changing during the
 * back-fill cannot shift a page and be skipped. Returns the number of versions applied.
 * Errors: SourceUnavailableError when the source cannot answer (the watermark is kept).
 */
export async function backfill (db: Db, state: { table: string, source: string }, client: SourceClient, opts: BackfillOptions): Promise<number> {
  const table = assertSafeIdentifier(state.table)
  const row = (await db.query<{ watermark: string | null }>(`SELECT watermark FROM ${table} WHERE source = $1`, [state.source])).rows[0]
  const stored = row?.watermark ?? null
  let since: string | null = stored === null ? null : new Date(Date.parse(stored) - WATERMARK_OVERLAP_MS).toISOString()
  let skip = 0
  let newest = stored
  let applied = 0
  const pageSize = opts.pageSize ?? BACKFILL_PAGE
  for (;;) {
    const { items, total } = await client.page(since, skip, pageSize)
    if (items.length === 0) break
    // The last page: X-Total-Count counts every match from `since` on; without it, a short page.
    const last = total === undefined ? items.length < pageSize : skip + items.length >= total
    applied += await opts.applyPage(items)
    opts.onPage?.()
    const boundary = stampOf(items[items.length - 1] as Doc)
    const atBoundary = items.filter((d) => stampOf(d) === boundary).length
    // Same boundary as the page before: step further along the ties; a new one: start past it.
    skip = boundary === since ? skip + atBoundary : atBoundary
    since = boundary
    if (newest === null || isLater(boundary, newest)) newest = boundary
    if (last) break
  }
  await opts.finish?.()
  opts.onPage?.()
  await db.query(`UPDATE ${table} SET watermark = $2, backfilled_at = now() WHERE source = $1`, [state.source, newest])
  return applied
}
