import { createHash } from 'node:crypto'
import { assertSafeIdentifier, type Queryable } from './db.ts'

const MAX_PREPARED_SHAPES = 200

export type Doc = Record<string, unknown>

export interface StoredDocument {
  doc: Doc
  version: number
}

/** A WHERE fragment with its own $n placeholders, built by the query layer. */
export interface ListCriteria {
  where: string
  params: unknown[]
  /** ORDER BY items; the store appends its stable default. */
  orderBy: string
  offset: number
  limit: number
  /** Party ids the caller may see; null = everything (operator). */
  scope: readonly string[] | null
}

export interface ListPage {
  total: number
  items: StoredDocument[]
}

/**
 * Data access for one resource table. Every read takes the caller's scope so that partner
 * isolation is enforced in SQL, not by filtering results afterwards.
 */
export class DocumentStore {
  readonly table: string
  // Filter shapes seen so far (values are parameters, so a shape is the set of attributes and
  // operators a client filters on). Planning a jsonpath filter costs more than running it, so
  // shapes are prepared; past a bound, new shapes run unprepared so clients cannot grow every
  // connection's statement cache without limit.
  private readonly shapes = new Map<string, string>()

  constructor (table: string) {
    this.table = assertSafeIdentifier(table)
  }

  async findById (q: Queryable, id: string, scope: readonly string[] | null): Promise<StoredDocument | undefined> {
    const params: unknown[] = [id]
    const scoped = scope === null ? '' : ` AND parties && $${params.push(scope)}::text[]`
    const res = await q.query<StoredDocument>(`SELECT doc, version FROM ${this.table} WHERE id = $1${scoped}`, params, { name: `${this.table}-find${scope === null ? '' : '-scoped'}` })
    return res.rows[0]
  }

  /** The stored JSON text as is, for the hot GET-by-id path that needs no reshaping. */
  async findRawById (q: Queryable, id: string, scope: readonly string[] | null): Promise<{ body: string, version: number } | undefined> {
    const params: unknown[] = [id]
    const scoped = scope === null ? '' : ` AND parties && $${params.push(scope)}::text[]`
    const res = await q.query<{ body: string, version: number }>(`SELECT doc::text AS body, version FROM ${this.table} WHERE id = $1${scoped}`, params, { name: `${this.table}-raw${scope === null ? '' : '-scoped'}` })
    return res.rows[0]
  }

  /** Locks the row for the rest of the transaction, so concurrent PATCHes serialise. */
  async findForUpdate (tx: Queryable, id: string, scope: readonly string[] | null): Promise<StoredDocument | undefined> {
    const params: unknown[] = [id]
    const scoped = scope === null ? '' : ` AND parties && $${params.push(scope)}::text[]`
    const res = await tx.query<StoredDocument>(`SELECT doc, version FROM ${this.table} WHERE id = $1${scoped} FOR UPDATE`, params, { name: `${this.table}-lock${scope === null ? '' : '-scoped'}` })
    return res.rows[0]
  }

  async list (q: Queryable, c: ListCriteria): Promise<ListPage> {
    const page = await this.page<{ doc: Doc, version: number }>(q, c, 'doc, version')
    return { total: page.total, items: page.rows.map((r) => ({ doc: r.doc, version: r.version })) }
  }

  /** The page as stored JSON texts: nothing to parse and re-serialise when no reshaping is asked for. */
  async listRaw (q: Queryable, c: ListCriteria): Promise<{ total: number, bodies: string[] }> {
    const page = await this.page<{ body: string }>(q, c, 'doc::text AS body')
    return { total: page.total, bodies: page.rows.map((r) => r.body) }
  }

  /**
   * One statement, one snapshot: the exact count of the matches and the page. The count is its
   * own subquery, so PostgreSQL answers it from an index where one covers the filter (index-only
   * on typed columns) and never carries the documents; the page is a separate subquery whose
   * ORDER BY an index can serve, so it stops reading at LIMIT instead of sorting every match
   * (a window `count(*) OVER ()` forces both: every match read, sorted, then cut).
   * An empty page (offset past the end, or limit 0) still reports how many match.
   */
  private async page<R> (q: Queryable, c: ListCriteria, columns: string): Promise<{ total: number, rows: R[] }> {
    const params = [...c.params]
    const where = [c.where === '' ? 'TRUE' : `(${c.where})`]
    if (c.scope !== null) where.push(`parties && $${params.push(c.scope)}::text[]`)
    const filter = where.join(' AND ')
    const order = [c.orderBy, 'created_at DESC', 'id'].filter((s) => s !== '').join(', ')
    const limit = `$${params.push(c.limit)}`
    const offset = `$${params.push(c.offset)}`
    // row_number() streams in the page's own order (no second sort); the outer ORDER BY keeps
    // that order through the join, which SQL would not otherwise promise.
    const sql = `SELECT n.total, p.* FROM (SELECT count(*) AS total FROM ${this.table} WHERE ${filter}) n ` +
      `LEFT JOIN (SELECT ${columns}, row_number() OVER (ORDER BY ${order}) AS row_number FROM ${this.table} WHERE ${filter} ORDER BY ${order} LIMIT ${limit} OFFSET ${offset}) p ON TRUE ` +
      'ORDER BY p.row_number'
    const res = await q.query<R & { total: string, row_number: string | null }>(sql, params, this.statementName(sql))
    const total = Number(res.rows[0]?.total ?? 0)
    const rows = res.rows.filter((r) => r.row_number !== null)
    return { total, rows }
  }

  private statementName (sql: string): { name?: string } {
    let name = this.shapes.get(sql)
    if (name === undefined && this.shapes.size < MAX_PREPARED_SHAPES) {
      name = `${this.table}-page-${createHash('sha1').update(sql).digest('hex').slice(0, 16)}`
      this.shapes.set(sql, name)
    }
    return name === undefined ? {} : { name }
  }

  async insert (tx: Queryable, id: string, doc: Doc, parties: readonly string[]): Promise<void> {
    await tx.query(`INSERT INTO ${this.table} (id, doc, parties) VALUES ($1, $2, $3)`, [id, doc, parties], { name: `${this.table}-insert` })
  }

  /** Returns the new version. The caller already holds the row lock (findForUpdate). */
  async update (tx: Queryable, id: string, doc: Doc, parties: readonly string[]): Promise<number> {
    const res = await tx.query<{ version: number }>(
      `UPDATE ${this.table} SET doc = $2, parties = $3, version = version + 1 WHERE id = $1 RETURNING version`,
      [id, doc, parties],
      { name: `${this.table}-update` }
    )
    const row = res.rows[0]
    if (row === undefined) throw new Error(`update of missing row ${id}`)
    return row.version
  }

  async delete (tx: Queryable, id: string): Promise<void> {
    await tx.query(`DELETE FROM ${this.table} WHERE id = $1`, [id])
  }
}
