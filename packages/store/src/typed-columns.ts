import { createHash } from 'node:crypto'
import { assertSafeIdentifier } from './db.ts'
import type { Migration } from './migrate.ts'

/**
 * A btree a typed column gets:
 * - `filter`: on the value alone, for equality filters and counts that never read a document
 *   (index-only scans, which an index on a jsonb expression cannot give);
 * - `desc` / `asc`: in the exact order a list sorted on the attribute asks for (value with missing
 *   values last, then the store's tie-breakers `created_at DESC, id`), so a page stops at LIMIT
 *   instead of sorting every match.
 */
export type TypedColumnIndex = 'filter' | 'desc' | 'asc'

/**
 * A declared single string attribute of a resource (a state, a severity, a normalised date)
 * stored beside the document as a generated `text` column `c_<name>` = `doc #>> path`. Being
 * generated, it can never disagree with the document; being a plain column, it has statistics
 * of its own and its indexes serve index-only scans.
 * Declare only attributes whose schema does not allow JSON null: the column holds NULL for both a
 * JSON null and a missing attribute, so an ascending sort would put a JSON null last, where the
 * jsonb order puts it first.
 */
export interface TypedColumn {
  /** snake_case; the SQL column is `c_<name>`. */
  name: string
  /** jsonb path segments from the document root; no array on the way. */
  path: readonly string[]
  indexes?: readonly TypedColumnIndex[]
  /**
   * Further typed columns (their `name`s) keyed after this one in its `filter` index, so a count
   * filtering on all of them (`severity=Major&ticketType=Incident`) reads the index alone instead
   * of intersecting two indexes or scanning the table.
   */
  filterWith?: readonly string[]
}

/** The SQL name of a typed column. */
export function typedColumnName (name: string): string {
  return assertSafeIdentifier(`c_${name}`)
}

/** The ORDER BY of a list sorted on a typed column, as the store writes it (see DocumentStore). */
export function typedColumnOrder (column: string, descending: boolean): string {
  return `${column} ${descending ? 'DESC' : 'ASC'} NULLS LAST`
}

function pathConstant (path: readonly string[]): string {
  for (const segment of path) {
    if (!/^[A-Za-z0-9_@$-]+$/.test(segment)) throw new Error(`unsafe path segment: ${segment}`)
  }
  return `'{${path.map((s) => `"${s}"`).join(',')}}'`
}

/**
 * Adds a resource's typed columns and their indexes to its table, in one migration whose id
 * names the declared set (`table-<t>-columns-<hash>`): declaring another column later gives a new
 * id, and every statement is idempotent, so only what is new is built. On a table that already
 * holds documents each new column is computed for every row (a table rewrite), and the table is
 * analysed at once so the planner knows the new columns before the first list asks.
 */
export function typedColumnsMigration (table: string, columns: readonly TypedColumn[]): Migration {
  const t = assertSafeIdentifier(table)
  const statements: string[] = []
  for (const column of columns) {
    const c = typedColumnName(column.name)
    statements.push(`ALTER TABLE ${t} ADD COLUMN IF NOT EXISTS ${c} text GENERATED ALWAYS AS (doc #>> ${pathConstant(column.path)}) STORED`)
  }
  for (const column of columns) {
    const c = typedColumnName(column.name)
    for (const ix of new Set(column.indexes ?? [])) {
      const key = ix === 'filter' ? [c, ...(column.filterWith ?? []).map(typedColumnName)].join(', ') : `${typedColumnOrder(c, ix === 'desc')}, created_at DESC, id`
      statements.push(`CREATE INDEX IF NOT EXISTS ${t}_${c}_${ix} ON ${t} (${key})`)
    }
  }
  statements.push(`ANALYZE ${t}`)
  const digest = createHash('sha256').update(JSON.stringify(columns)).digest('hex').slice(0, 12)
  return { id: `table-${t}-columns-${digest}`, statements }
}
