import { assertSafeIdentifier, documentTableMigration, typedColumnsMigration, typedColumnName, type Migration, type TypedColumn } from '@cx/store'
import type { PathInfo, TypedColumns } from '@cx/tmf-query'
import type { ResourceDeclaration } from './declaration.ts'

/**
 * The typed columns of a resource: those it declares, plus its lifecycle field (the most common
 * filter of all) with a filter index when the declaration does not name it already.
 */
export function typedColumnsOf (decl: ResourceDeclaration): TypedColumn[] {
  const declared = [...(decl.columns ?? [])]
  const field = decl.lifecycle?.field
  if (field !== undefined && !declared.some((c) => c.path.join('.') === field)) {
    declared.unshift({ name: field.replace(/[A-Z]/g, (m) => `_${m.toLowerCase()}`), path: [field], indexes: ['filter'] })
  }
  return declared
}

/**
 * The migrations of a resource's table: the document table, its typed columns, then the drop
 * of the `<field>_text` expression index earlier versions built on the lifecycle field (its typed
 * column's index replaces it; two indexes on one value only cost every write).
 */
export function resourceTableMigrations (decl: ResourceDeclaration): Migration[] {
  const t = assertSafeIdentifier(decl.table)
  const field = decl.lifecycle?.field
  const columns = typedColumnsOf(decl)
  return [
    documentTableMigration(t, decl.indexes ?? []),
    ...(columns.length === 0 ? [] : [typedColumnsMigration(t, columns)]),
    ...(field === undefined ? [] : [{ id: `table-${t}-drop-lifecycle-text-001`, statements: [`DROP INDEX IF EXISTS ${t}_${assertSafeIdentifier(field)}_text`] }])
  ]
}

/**
 * Dot path → SQL column of the resource's typed columns, for the query layer. A typed column is
 * only exact for a single string (`doc #>> path` of anything else is its JSON text, which neither
 * compares nor sorts like the value), so anything else is a declaration error, thrown at start.
 */
export function typedColumnMap (decl: ResourceDeclaration, describe: (path: string[]) => PathInfo): TypedColumns {
  const map = new Map<string, string>()
  const names = new Set<string>()
  for (const c of typedColumnsOf(decl)) {
    // Its migration creates the index, so the columns it names must exist by then.
    const missing = (c.filterWith ?? []).filter((n) => !names.has(n))
    if (missing.length > 0) throw new Error(`${decl.type}: typed column '${c.name}' is indexed with ${missing.join(', ')}, which must be declared before it`)
    names.add(c.name)
    const info = describe([...c.path])
    if (info.nullable === true) throw new Error(`${decl.type}: typed column '${c.name}' is on ${c.path.join('.')}, which may be JSON null (its column would sort a null where the document does not)`)
    if (!info.known || info.throughArray || (info.type !== 'string' && info.type !== 'date-time')) {
      throw new Error(`${decl.type}: typed column '${c.name}' needs a declared single string at ${c.path.join('.')}, the schema has ${info.known ? info.type : 'nothing'}${info.throughArray ? ' through an array' : ''}`)
    }
    map.set(c.path.join('.'), typedColumnName(c.name))
  }
  return map
}
