import t from 'tap'
import { storeKinds, testDbOptions } from '@cx/test-kit'
import { openDb } from './open-db.ts'
import { migrate } from './migrate.ts'
import { documentTableMigration } from './document-table.ts'
import { DocumentStore } from './document-store.ts'
import { typedColumnsMigration, typedColumnName, type TypedColumn } from './typed-columns.ts'

for (const kind of storeKinds()) {
  t.test(`typed columns on ${kind}`, async (t) => {
    const db = await openDb(await testDbOptions(t, kind))
    t.teardown(() => db.close())
    await migrate(db, [documentTableMigration('ticket')])
    const store = new DocumentStore('ticket')
    const docs = [
      { id: 'a', severity: 'Major', type: 'Fault', date: '2026-01-03T00:00:00.000Z' },
      { id: 'b', severity: 'Minor', type: 'Fault', date: '2026-01-01T00:00:00.000Z' },
      { id: 'c', severity: 'Major', type: 'Request', date: '2026-01-02T00:00:00.000Z' },
      { id: 'd', severity: 'Major', type: 'Fault' },
      { id: 'e', severity: null, type: 'Fault', date: '2026-01-04T00:00:00.000Z' }
    ]
    await db.transaction(async (tx) => {
      for (const d of docs) await store.insert(tx, d.id, d, [])
    })

    // Declared later, on a table that already holds documents: every row gets its value.
    const first: TypedColumn[] = [
      { name: 'type', path: ['type'], indexes: ['filter'] },
      { name: 'severity', path: ['severity'], indexes: ['filter'], filterWith: ['type'] }
    ]
    const firstId = typedColumnsMigration('ticket', first).id
    t.match(firstId, /^table-ticket-columns-[0-9a-f]{12}$/)
    t.same(await migrate(db, [typedColumnsMigration('ticket', first)]), [firstId])
    const more = [...first, { name: 'date', path: ['date'], indexes: ['desc', 'asc'] } satisfies TypedColumn]
    const applied = await migrate(db, [typedColumnsMigration('ticket', first), typedColumnsMigration('ticket', more)])
    t.same(applied, [typedColumnsMigration('ticket', more).id], 'one more column is a new migration; the first set is not applied again')
    const columns = await db.query<{ id: string, c_severity: string | null, c_date: string | null }>('SELECT id, c_severity, c_date FROM ticket ORDER BY id')
    t.same(columns.rows, [
      { id: 'a', c_severity: 'Major', c_date: '2026-01-03T00:00:00.000Z' },
      { id: 'b', c_severity: 'Minor', c_date: '2026-01-01T00:00:00.000Z' },
      { id: 'c', c_severity: 'Major', c_date: '2026-01-02T00:00:00.000Z' },
      { id: 'd', c_severity: 'Major', c_date: null },
      { id: 'e', c_severity: null, c_date: '2026-01-04T00:00:00.000Z' }
    ], 'a JSON null and a missing attribute are both NULL, as `doc #>> path` is')
    const indexes = await db.query<{ indexdef: string }>("SELECT indexdef FROM pg_indexes WHERE tablename = 'ticket' AND indexname LIKE 'ticket\\_c\\_%' ORDER BY indexname")
    t.same(indexes.rows.map((r) => r.indexdef.replace(/^.* USING btree /, '')), [
      '(c_date, created_at DESC, id)',
      '(c_date DESC NULLS LAST, created_at DESC, id)',
      '(c_severity, c_type)',
      '(c_type)'
    ])
    const stats = await db.query("SELECT 1 FROM pg_stats WHERE tablename = 'ticket' AND attname = 'c_severity'")
    t.equal(stats.rows.length, 1, 'the table is analysed with its new column, before any list asks')

    const severity = typedColumnName('severity')
    const list = async (where: string, params: unknown[], orderBy: string, offset = 0, limit = 2): Promise<{ total: number, ids: unknown[] }> => {
      const page = await store.list(db, { where, params, orderBy, offset, limit, scope: null })
      return { total: page.total, ids: page.items.map((i) => i.doc.id) }
    }
    t.same(await list(`${severity} = ANY($1::text[]) AND c_type = ANY($2::text[])`, [['Major'], ['Fault']], 'c_date DESC NULLS LAST'), { total: 2, ids: ['a', 'd'] }, 'missing dates sort last')
    t.same(await list(`${severity} = ANY($1::text[])`, [['Major']], 'c_date DESC NULLS LAST', 1), { total: 3, ids: ['c', 'd'] })
    t.same(await list('', [], 'c_date ASC NULLS LAST', 3), { total: 5, ids: ['e', 'd'] }, 'ascending, missing still last')
    t.same(await list(`${severity} = ANY($1::text[])`, [['Major']], '', 7), { total: 3, ids: [] }, 'a page past the end still counts')
    t.same(await list(`${severity} = ANY($1::text[])`, [['Major']], '', 0, 0), { total: 3, ids: [] }, 'limit 0 counts')
    t.same(await list(`${severity} = ANY($1::text[])`, [['Blocker']], ''), { total: 0, ids: [] }, 'no match')

    await db.transaction(async (tx) => {
      await store.findForUpdate(tx, 'b', null)
      await store.update(tx, 'b', { id: 'b', severity: 'Major', type: 'Fault', date: '2026-01-05T00:00:00.000Z' }, [])
    })
    t.same(await list(`${severity} = ANY($1::text[])`, [['Major']], 'c_date DESC NULLS LAST'), { total: 4, ids: ['b', 'a'] }, 'an update moves the column with the document')
  })
}

t.test('a typed column needs a safe name and path', async (t) => {
  t.throws(() => typedColumnsMigration('ticket', [{ name: 'x; DROP', path: ['x'] }]), /unsafe SQL identifier/)
  t.throws(() => typedColumnsMigration('ticket', [{ name: 'x', path: ["x'"] }]), /unsafe path segment/)
})
